import { ImageKitError } from './http.js';
import { currentVersion, folderOf, type FileRecord } from './store.js';

/**
 * The part of ImageKit's Lucene-like `searchQuery` the emulator understands: conditions
 * `field op value` joined by AND / OR and grouped with parentheses, e.g.
 * `(size < "1mb" AND width > 500) OR (tags IN ["summer-sale","banner"])`.
 * Fields: name, path, tags, type, format, private, published, size, width, height, createdAt,
 * updatedAt, customMetadata.<key>. Operators: =, :, <, <=, >, >=, IN, NOT IN.
 */

type Value = string | number | boolean | Value[];
type Matcher = (record: FileRecord) => boolean;
type Token = { kind: 'str' | 'word' | 'op' | 'punct'; text: string };

const PREFIX = 'Your request contains invalid syntax for the searchQuery parameter.';
const OPS = ['<=', '>=', '=', ':', '<', '>'];
const UNIT_BYTES: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };
const UNIT_MS: Record<string, number> = { h: 3600e3, d: 86400e3, w: 7 * 86400e3, m: 30 * 86400e3, y: 365 * 86400e3 };

function invalid(detail: string): never {
  throw new ImageKitError(400, `${PREFIX} ${detail}`);
}

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const c = query[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"') {
      let text = '';
      i++;
      while (i < query.length && query[i] !== '"') {
        if (query[i] === '\\' && i + 1 < query.length) i++;
        text += query[i++];
      }
      if (i >= query.length) invalid('A quoted value is not closed.');
      i++;
      tokens.push({ kind: 'str', text });
    } else if ('()[],'.includes(c)) {
      tokens.push({ kind: 'punct', text: c });
      i++;
    } else {
      const op = OPS.find((o) => query.startsWith(o, i));
      if (op) {
        tokens.push({ kind: 'op', text: op });
        i += op.length;
        continue;
      }
      const word = /^[^\s()[\],"<>=:]+/.exec(query.slice(i))![0];
      tokens.push({ kind: 'word', text: word });
      i += word.length;
    }
  }
  return tokens;
}

/** Deepest nesting of parentheses: the parser recurses once per level. */
export const MAX_QUERY_DEPTH = 64;

class Parser {
  #pos = 0;
  #depth = 0;
  constructor(
    readonly tokens: Token[],
    readonly now: number,
  ) {}

  #peek(): Token | undefined {
    return this.tokens[this.#pos];
  }
  #next(): Token {
    const t = this.tokens[this.#pos++];
    if (!t) invalid('The query ends too early.');
    return t;
  }
  #isWord(text: string): boolean {
    const t = this.#peek();
    return t?.kind === 'word' && t.text.toUpperCase() === text;
  }

  parse(): Matcher {
    const m = this.#or();
    const rest = this.#peek();
    if (rest) invalid(`Unexpected "${rest.text}".`);
    return m;
  }

  #or(): Matcher {
    const parts = [this.#and()];
    while (this.#isWord('OR')) {
      this.#pos++;
      parts.push(this.#and());
    }
    return parts.length === 1 ? parts[0]! : (r) => parts.some((p) => p(r));
  }

  #and(): Matcher {
    const parts = [this.#term()];
    while (this.#isWord('AND')) {
      this.#pos++;
      parts.push(this.#term());
    }
    return parts.length === 1 ? parts[0]! : (r) => parts.every((p) => p(r));
  }

  #term(): Matcher {
    const t = this.#next();
    if (t.kind === 'punct' && t.text === '(') {
      if (++this.#depth > MAX_QUERY_DEPTH) invalid(`Parentheses are nested more than ${MAX_QUERY_DEPTH} deep.`);
      const inner = this.#or();
      this.#depth--;
      const close = this.#next();
      if (close.text !== ')') invalid('A parenthesis is not closed.');
      return inner;
    }
    if (t.kind !== 'word') invalid(`Expected a field name, found "${t.text}".`);
    const field = t.text;
    let op: string;
    if (this.#isWord('IN')) {
      this.#pos++;
      op = 'IN';
    } else if (this.#isWord('NOT')) {
      this.#pos++;
      if (!this.#isWord('IN')) invalid(`Expected IN after NOT for ${field}.`);
      this.#pos++;
      op = 'NOT IN';
    } else {
      const o = this.#next();
      if (o.kind !== 'op') invalid(`Expected an operator after ${field}, found "${o.text}".`);
      op = o.text;
    }
    const value = op === 'IN' || op === 'NOT IN' ? this.#list(field) : this.#value();
    return condition(field, op, value, this.now);
  }

  #list(field: string): Value[] {
    if (this.#next().text !== '[') invalid(`IN needs a list like ["a","b"] for ${field}.`);
    const items: Value[] = [];
    for (;;) {
      items.push(this.#value());
      const sep = this.#next();
      if (sep.text === ']') return items;
      if (sep.text !== ',') invalid(`Expected , or ] in the list for ${field}.`);
    }
  }

  #value(): Value {
    const t = this.#next();
    if (t.kind === 'str') return t.text;
    if (t.kind !== 'word') invalid(`Expected a value, found "${t.text}".`);
    if (/^-?\d+(\.\d+)?$/.test(t.text)) return Number(t.text);
    if (t.text === 'true' || t.text === 'false') return t.text === 'true';
    return t.text;
  }
}

function compare(actual: string | number | undefined, op: string, expected: string | number): boolean {
  if (actual === undefined) return false;
  switch (op) {
    case '=':
      return actual === expected;
    case ':':
      return String(actual).startsWith(String(expected));
    case '<':
      return actual < expected;
    case '<=':
      return actual <= expected;
    case '>':
      return actual > expected;
    case '>=':
      return actual >= expected;
  }
  return false;
}

function bytes(value: Value, field: string): number {
  if (typeof value === 'number') return value;
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)$/i.exec(String(value));
  if (!m) invalid(`${field} needs a number of bytes or a size like "1mb".`);
  return Number(m[1]) * UNIT_BYTES[m[2]!.toLowerCase()]!;
}

/** ISO 8601, or relative like "7d" (7 days ago): h, d, w, m (30 days), y. */
function time(value: Value, field: string, now: number): number {
  const s = String(value);
  const rel = /^(\d+)([hdwmy])$/.exec(s);
  if (rel) return now - Number(rel[1]) * UNIT_MS[rel[2]!]!;
  // A date without a zone is UTC, as ImageKit documents.
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}(T[\d:.]+)?$/.test(s) ? (s.includes('T') ? s + 'Z' : s + 'T00:00:00Z') : s);
  if (Number.isNaN(t)) invalid(`${field} needs an ISO 8601 date or a relative time like "7d".`);
  return t;
}

function condition(field: string, op: string, value: Value, now: number): Matcher {
  const list = Array.isArray(value) ? value : undefined;
  const scalar = (v: Value) => (Array.isArray(v) ? invalid(`${field} ${op} needs a single value.`) : v);
  const on = (get: (r: FileRecord) => string | number | boolean | undefined, convert: (v: Value) => string | number | boolean = scalar): Matcher => {
    if (list) {
      const wanted = list.map(convert);
      const hit = (r: FileRecord) => wanted.includes(get(r) as string | number | boolean);
      return op === 'IN' ? hit : (r) => !hit(r);
    }
    const expected = convert(value);
    if (typeof expected === 'boolean') {
      if (op !== '=') invalid(`${field} only supports =.`);
      return (r) => get(r) === expected;
    }
    return (r) => compare(get(r) as string | number | undefined, op, expected);
  };

  switch (field) {
    case 'name':
      return on((r) => r.name);
    case 'path':
      if (op === '=') {
        const folder = String(scalar(value)).replace(/\/?$/, '/');
        return (r) => folderOf(r.filePath) === folder;
      }
      return on((r) => r.filePath);
    case 'tags': {
      if (list) {
        const hit = (r: FileRecord) => list.some((t) => r.tags?.includes(String(t)) ?? false);
        return op === 'IN' ? hit : (r) => !hit(r);
      }
      const tag = String(scalar(value));
      if (op === '=') return (r) => r.tags?.includes(tag) ?? false;
      if (op === ':') return (r) => r.tags?.some((t) => t.startsWith(tag)) ?? false;
      return invalid(`tags supports =, :, IN and NOT IN.`);
    }
    case 'type':
      return on(() => 'file');
    case 'format':
      return on((r) => {
        const sub = currentVersion(r).mime.split('/')[1] ?? '';
        return sub === 'jpeg' ? 'jpg' : sub.replace(/\+xml$/, '');
      });
    case 'private':
      return on((r) => r.isPrivateFile);
    case 'published':
      return on((r) => r.isPublished);
    case 'size':
      return on((r) => currentVersion(r).size, (v) => bytes(v, field));
    case 'width':
    case 'height':
      return on((r) => currentVersion(r)[field], (v) => (typeof v === 'number' ? v : invalid(`${field} needs a number.`)));
    case 'createdAt':
    case 'updatedAt':
      return on((r) => Date.parse(r[field]), (v) => time(v, field, now));
    default:
      if (field.startsWith('customMetadata.') && field.length > 'customMetadata.'.length) {
        const key = field.slice('customMetadata.'.length);
        return on((r) => r.customMetadata[key] as string | number | boolean | undefined);
      }
      return invalid(`The field "${field}" is not searchable here.`);
  }
}

/** Compiles `searchQuery` into a record filter; throws ImageKitError 400 on bad syntax. */
export function parseSearchQuery(query: string, now = Date.now()): Matcher {
  const tokens = tokenize(query);
  if (tokens.length === 0) invalid('The query is empty.');
  return new Parser(tokens, now).parse();
}
