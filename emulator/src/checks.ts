import peggy from 'peggy';
import { ImageKitError } from './http.js';
import type { CustomMetadataFieldType } from './custom-metadata.js';
import type { UploadParams } from './upload-params.js';
import type { MediaInfo } from './store.js';

/**
 * ImageKit's upload `checks` (docs: "Upload API Checks"): conditions such as
 * `"file.size" < "1mb"`, `"file.mime" : image`, `"request.folder" NOT = marketing`, joined with
 * AND / OR and grouped with parentheses. The grammar is peggy's (a PEG parser generator), so the
 * syntax lives in one readable place; what a field may be compared with lives in FIELDS below.
 * Anything outside it is refused with ImageKit's syntax message and a detail, never ignored.
 */

/** ImageKit's two messages (OpenAPI spec, upload 400 examples). */
export const CHECKS_SYNTAX = 'Your request contains invalid syntax for the checks parameter.';
export const CHECKS_FAILED = "Your request failed 'checks' validation.";

// Emulator limits (ImageKit publishes none): plenty for real checks, too little to exhaust a stack.
export const MAX_CHECKS_LENGTH = 4096;
export const MAX_CHECKS_DEPTH = 20;

type Op = '=' | ':' | '<' | '<=' | '>' | '>=' | 'IN' | 'HAS';
type Scalar = { type: 'str' | 'bare'; text: string };
type Value = Scalar | { type: 'list'; items: Scalar[] };
type Condition = { kind: 'cond'; field: string; op: Op; negated: boolean; value: Value };
type Node = Condition | { kind: 'and' | 'or'; items: Node[] };

const GRAMMAR = String.raw`
{{ const group = (kind, head, tail) => (tail.length ? { kind, items: [head, ...tail] } : head); }}
{ let depth = 0; }

Checks    = _ @Or _
Or        = head:And tail:(__ "OR" __ @And)*         { return group('or', head, tail); }
And       = head:Primary tail:(__ "AND" __ @Primary)* { return group('and', head, tail); }
Primary   = Group / Condition
Group     = "(" &{ if (++depth > options.maxDepth) error('Parentheses are nested more than ' + options.maxDepth + ' deep.'); return true; }
            _ inner:Or _ ")" { depth--; return inner; }
Condition = field:Field _ op:Operator _ value:Value  { return { kind: 'cond', field, ...op, value }; }
Operator "an operator (=, NOT =, :, <, <=, >, >=, IN, NOT IN, HAS, NOT HAS)"
          = "NOT" __ op:Word                           { return { op, negated: true }; }
          / "NOT" _ "="                                { return { op: '=', negated: true }; }
          / op:Word                                    { return { op, negated: false }; }
          / op:("<=" / ">=" / "=" / ":" / "<" / ">")   { return { op, negated: false }; }
Word      = @("IN" / "HAS") !BareChar
Field "a quoted field name like \"file.size\""
          = Quoted
Value     = List / Scalar
List      = "[" _ head:Scalar tail:(_ "," _ @Scalar)* _ "]" { return { type: 'list', items: [head, ...tail] }; }
Scalar "a value"
          = text:Quoted { return { type: 'str', text }; }
          / text:$BareChar+ { return { type: 'bare', text }; }
Quoted    = '"' chars:([^"\\] / "\\" @.)* '"'          { return chars.join(''); }
BareChar  = [^ \t\r\n()[\],"]
_ "a space" = [ \t\r\n]*
__ "a space" = [ \t\r\n]+
`;

const parser = peggy.generate(GRAMMAR);

/** What a check can see of one upload: the request as ImageKit read it, and the file as received. */
export interface CheckFacts {
  request: {
    fileName: string;
    /** `/a/b/` form, `/` for the root. */
    folder: string;
    tags: string[] | undefined;
    useUniqueFileName: boolean;
    isPrivateFile: boolean;
    isPublished: boolean;
    customCoordinates: string | null;
    webhookUrl: string | undefined;
    overwriteFile: boolean;
    overwriteAITags: boolean;
    overwriteTags: boolean;
    overwriteCustomMetadata: boolean;
    /** The request's `customMetadata` values (not yet checked against the field definitions). */
    customMetadata: Record<string, unknown>;
  };
  file: { size: number; mime: string };
  mediaMetadata: { width?: number | undefined; height?: number | undefined };
  /** The type of each defined custom metadata field, by name. */
  customMetadataTypes: ReadonlyMap<string, CustomMetadataFieldType>;
}

type Kind = 'string' | 'path' | 'boolean' | 'bytes' | 'number' | 'tags' | 'date' | 'select';
type Actual = string | number | boolean | string[] | readonly unknown[] | null | undefined;

const STRING_OPS = ['=', 'NOT =', ':', 'IN', 'NOT IN'];
const BOOLEAN_OPS = ['=', 'NOT ='];
const NUMBER_OPS = ['=', '>', '>=', '<', '<='];
const HAS_OPS = ['HAS', 'NOT HAS'];
const ORDER_OPS = ['>', '>=', '<', '<='];

interface FieldRule {
  kind: Kind;
  ops: string[];
  get: (facts: CheckFacts) => Actual;
}

const requestBool = (key: 'useUniqueFileName' | 'isPrivateFile' | 'isPublished' | 'overwriteFile' | 'overwriteAITags' | 'overwriteTags' | 'overwriteCustomMetadata'): FieldRule => ({
  kind: 'boolean',
  ops: BOOLEAN_OPS,
  get: (f) => f.request[key],
});

/** The documented table of fields and operators. */
const FIELDS: Record<string, FieldRule> = {
  'request.fileName': { kind: 'string', ops: STRING_OPS, get: (f) => f.request.fileName },
  'request.useUniqueFileName': requestBool('useUniqueFileName'),
  'request.tags': { kind: 'tags', ops: HAS_OPS, get: (f) => f.request.tags ?? [] },
  'request.folder': { kind: 'path', ops: STRING_OPS, get: (f) => f.request.folder },
  'request.isPrivateFile': requestBool('isPrivateFile'),
  'request.isPublished': requestBool('isPublished'),
  'request.customCoordinates': { kind: 'string', ops: STRING_OPS, get: (f) => f.request.customCoordinates },
  'request.webhookUrl': { kind: 'string', ops: STRING_OPS, get: (f) => f.request.webhookUrl },
  'request.overwriteFile': requestBool('overwriteFile'),
  'request.overwriteAITags': requestBool('overwriteAITags'),
  'request.overwriteTags': requestBool('overwriteTags'),
  'request.overwriteCustomMetadata': requestBool('overwriteCustomMetadata'),
  'file.size': { kind: 'bytes', ops: NUMBER_OPS, get: (f) => f.file.size },
  'file.mime': { kind: 'string', ops: STRING_OPS, get: (f) => f.file.mime },
  'mediaMetadata.width': { kind: 'number', ops: NUMBER_OPS, get: (f) => f.mediaMetadata.width },
  'mediaMetadata.height': { kind: 'number', ops: NUMBER_OPS, get: (f) => f.mediaMetadata.height },
};

/** Documented, but the emulator reads no audio or video metadata, so it cannot answer them honestly. */
const UNSUPPORTED = new Set(['mediaMetadata.duration', 'mediaMetadata.videoCodec', 'mediaMetadata.audioCodec', 'mediaMetadata.bitRate']);

const CUSTOM_PREFIX = 'request.customMetadata.';

/** Operators per custom metadata field type (the docs' second table). */
const CUSTOM_RULES: Record<CustomMetadataFieldType, { kind: Kind; ops: string[] }> = {
  Text: { kind: 'string', ops: STRING_OPS },
  Textarea: { kind: 'string', ops: STRING_OPS },
  Number: { kind: 'number', ops: ['=', 'NOT =', ...ORDER_OPS] },
  Date: { kind: 'date', ops: [...STRING_OPS, ...ORDER_OPS] },
  Boolean: { kind: 'boolean', ops: BOOLEAN_OPS },
  SingleSelect: { kind: 'select', ops: [...STRING_OPS, ...ORDER_OPS] },
  MultiSelect: { kind: 'tags', ops: HAS_OPS },
};

// 1024-based, as the emulator's searchQuery reads sizes (ImageKit does not say which; inferred).
const UNIT_BYTES: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

function syntax(detail: string): never {
  throw new ImageKitError(400, `${CHECKS_SYNTAX} ${detail}`);
}

const opName = (c: Condition) => (c.negated ? `NOT ${c.op}` : c.op);

function scalarOf(c: Condition): Scalar {
  if (c.value.type === 'list') return syntax(`"${c.field}" ${opName(c)} takes one value, not a list.`);
  return c.value;
}

function bytesOf(s: Scalar, field: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(s.text.trim());
  if (!m) return syntax(`"${field}" needs a number of bytes or a size like "1mb", not "${s.text}".`);
  return Number(m[1]) * UNIT_BYTES[(m[2] ?? 'b').toLowerCase()]!;
}

function numberOf(s: Scalar, field: string): number {
  const n = /^-?\d+(\.\d+)?$/.test(s.text.trim()) ? Number(s.text) : NaN;
  if (Number.isNaN(n)) return syntax(`"${field}" needs a number, not "${s.text}".`);
  return n;
}

function booleanOf(s: Scalar, field: string): boolean {
  if (s.text === 'true' || s.text === 'false') return s.text === 'true';
  return syntax(`"${field}" is true or false, not "${s.text}".`);
}

function dateOf(s: Scalar, field: string): number {
  const t = Date.parse(s.text);
  if (Number.isNaN(t)) return syntax(`"${field}" needs a date like "2024-12-31", not "${s.text}".`);
  return t;
}

/** Folders compare without their leading and trailing slashes: `/users/42/` is `users/42`. */
const trimSlashes = (s: string) => s.replace(/^\/+|\/+$/g, '');

/** One condition as a test of the facts; a value that does not fit the field is a syntax error. */
function compile(c: Condition, rule: { kind: Kind; ops: string[] }, get: (f: CheckFacts) => Actual): (f: CheckFacts) => boolean {
  const op = opName(c);
  if (!rule.ops.includes(op)) return syntax(`"${c.field}" supports ${rule.ops.join(', ')}; not ${op}.`);
  const not = (test: (a: Actual) => boolean) => (f: CheckFacts) => {
    const actual = get(f);
    // A value the upload does not have (no width for a PDF, say) passes no test but a negated one (inferred).
    const hit = actual !== undefined && actual !== null && test(actual);
    return c.negated ? !hit : hit;
  };
  const order = (expected: number, toNumber: (a: Actual) => number) => {
    switch (c.op) {
      case '<':
        return not((a) => toNumber(a) < expected);
      case '<=':
        return not((a) => toNumber(a) <= expected);
      case '>':
        return not((a) => toNumber(a) > expected);
      case '>=':
        return not((a) => toNumber(a) >= expected);
      default:
        return not((a) => toNumber(a) === expected);
    }
  };

  switch (rule.kind) {
    case 'boolean': {
      const expected = booleanOf(scalarOf(c), c.field);
      return not((a) => a === expected);
    }
    case 'bytes':
      return order(bytesOf(scalarOf(c), c.field), Number);
    case 'number':
      return order(numberOf(scalarOf(c), c.field), Number);
    case 'date':
      if (ORDER_OPS.includes(c.op)) return order(dateOf(scalarOf(c), c.field), (a) => Date.parse(String(a)));
      break;
    case 'select':
      if (ORDER_OPS.includes(c.op)) return order(numberOf(scalarOf(c), c.field), Number);
      break;
    case 'tags': {
      const wanted = scalarOf(c).text;
      return not((a) => Array.isArray(a) && a.map(String).includes(wanted));
    }
  }
  // String-like: =, :, IN, with NOT before = and IN.
  const norm = rule.kind === 'path' ? trimSlashes : (s: string) => s;
  const text = (a: Actual) => norm(String(a));
  if (c.op === 'IN') {
    if (c.value.type !== 'list') return syntax(`"${c.field}" ${op} takes a list like ["a", "b"].`);
    const wanted = c.value.items.map((i) => norm(i.text));
    return not((a) => wanted.includes(text(a)));
  }
  const wanted = scalarOf(c).text;
  // `:` is "starts with": `"file.mime" : image` matches image/png (the docs' example).
  if (c.op === ':') {
    const prefix = rule.kind === 'path' ? wanted.replace(/^\/+/, '') : wanted;
    return not((a) => (rule.kind === 'path' ? `${text(a)}/` : text(a)).startsWith(prefix));
  }
  return not((a) => text(a) === norm(wanted));
}

function build(node: Node): (f: CheckFacts) => boolean {
  if (node.kind !== 'cond') {
    const parts = node.items.map(build);
    return node.kind === 'and' ? (f) => parts.every((p) => p(f)) : (f) => parts.some((p) => p(f));
  }
  const c = node;
  const rule = FIELDS[c.field];
  if (rule) return compile(c, rule, rule.get);
  if (UNSUPPORTED.has(c.field)) return syntax(`The emulator cannot check "${c.field}": it reads no audio or video metadata.`);
  if (c.field.startsWith(CUSTOM_PREFIX) && c.field.length > CUSTOM_PREFIX.length) {
    const name = c.field.slice(CUSTOM_PREFIX.length);
    // The operators depend on the field's type, known only when the upload is checked.
    let bound: { type: CustomMetadataFieldType; test: (f: CheckFacts) => boolean } | undefined;
    return (f) => {
      const type = f.customMetadataTypes.get(name);
      if (!type) return syntax(`No custom metadata field is named "${name}".`);
      if (bound?.type !== type) bound = { type, test: compile(c, CUSTOM_RULES[type], (facts) => facts.request.customMetadata[name] as Actual) };
      return bound.test(f);
    };
  }
  return syntax(`"${c.field}" is not a field checks can test.`);
}

/** A parsed `checks` expression: `passes(facts)` is false when the upload must be refused. */
export interface Checks {
  /** Names after `request.customMetadata.`, so the caller loads the field definitions only when needed. */
  readonly customMetadataFields: string[];
  /** Throws the syntax ImageKitError for a custom metadata field used wrongly. */
  passes(facts: CheckFacts): boolean;
}

function fieldsOf(node: Node, out: string[] = []): string[] {
  if (node.kind === 'cond') {
    if (node.field.startsWith(CUSTOM_PREFIX)) out.push(node.field.slice(CUSTOM_PREFIX.length));
  } else node.items.forEach((n) => fieldsOf(n, out));
  return out;
}

/** Parses `checks`; throws ImageKitError 400 (ImageKit's syntax message, then what is wrong and where). */
export function parseChecks(text: string): Checks {
  if (text.trim() === '') syntax('checks is empty.');
  if (text.length > MAX_CHECKS_LENGTH) syntax(`checks is longer than ${MAX_CHECKS_LENGTH} characters, the most the emulator reads.`);
  let tree: Node;
  try {
    tree = parser.parse(text, { maxDepth: MAX_CHECKS_DEPTH }) as Node;
  } catch (error) {
    if (error instanceof parser.SyntaxError) {
      return syntax(`${error.message.replace(/\.$/, '')} (at character ${error.location.start.offset + 1}).`);
    }
    throw error;
  }
  const test = build(tree);
  return { customMetadataFields: fieldsOf(tree), passes: test };
}

/** Refuses the upload with ImageKit's message when the checks fail. */
export function enforceChecks(checks: Checks, facts: CheckFacts): void {
  if (!checks.passes(facts)) throw new ImageKitError(400, CHECKS_FAILED);
}

/** The facts of one upload: its parameters as read (defaults applied) and the received file. */
export function checkFactsFor(
  params: UploadParams,
  media: MediaInfo,
  customMetadataTypes: ReadonlyMap<string, CustomMetadataFieldType>,
): CheckFacts {
  let customMetadata: Record<string, unknown> = {};
  try {
    const parsed: unknown = params.customMetadata === undefined ? {} : JSON.parse(params.customMetadata);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) customMetadata = parsed as Record<string, unknown>;
  } catch {
    // Malformed customMetadata is refused with its own message when the file is stored.
  }
  return {
    request: {
      fileName: params.fileName,
      folder: params.folder,
      tags: params.tags,
      useUniqueFileName: params.useUniqueFileName,
      isPrivateFile: params.isPrivateFile,
      isPublished: params.isPublished,
      customCoordinates: params.customCoordinates,
      webhookUrl: params.webhookUrl,
      overwriteFile: params.overwriteFile,
      overwriteAITags: params.overwriteAITags,
      overwriteTags: params.overwriteTags,
      overwriteCustomMetadata: params.overwriteCustomMetadata,
      customMetadata,
    },
    file: { size: media.size, mime: media.mime },
    mediaMetadata: { width: media.width, height: media.height },
    customMetadataTypes,
  };
}
