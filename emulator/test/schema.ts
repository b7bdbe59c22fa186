import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

/**
 * Validates emulator responses against ImageKit's own OpenAPI spec (a byte-identical copy of
 * shared/imagekit/openapi-v1.yaml in test/fixtures, so the repo does not depend on paths
 * outside it). The spec's schemas list no required fields and allow any extra ones, which
 * would pass almost anything, so each response schema is tightened: no property the spec does
 * not name, and the fields the seeds say are always there.
 *
 * `assertMatchesOperation` takes the response schema of one operation straight from the
 * spec's `paths` (by method, path template and status), with every object the spec describes
 * closed to the properties it names. Two operations of `@imagekit/nodejs` 7.11 are missing
 * from the spec copy (named transformations, usage analytics): their schemas are transcribed
 * from the SDK's types below (SDK_OPERATIONS), every non-optional field required.
 */

const SPEC = fileURLToPath(new URL('./fixtures/imagekit-openapi-v1.yaml', import.meta.url));
const ROOT = 'https://imagekit.io/openapi-v1.json';

// ajv-formats is CommonJS; under NodeNext its default export arrives one level down.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv2020,
) => Ajv2020;

type Json = Record<string, unknown>;

/**
 * `#/components/schemas/X` → `#/$defs/X`, so the schemas stand alone as one JSON Schema document;
 * and `type: [array, null]`, which YAML reads as the value null, back to the type name "null".
 */
function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (node && typeof node === 'object') {
    const out: Json = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out[k] = v.replace('#/components/schemas/', '#/$defs/');
      else if (k === 'type' && Array.isArray(v)) out[k] = v.map((t) => (t === null ? 'null' : t));
      else out[k] = rewriteRefs(v);
    }
    return out;
  }
  return node;
}

// Seed 002's file object: every key it shows; thumbnail, sizes and alpha for images only.
const FILE_DETAILS_RULES: Json = {
  required: [
    'type', 'name', 'createdAt', 'updatedAt', 'fileId', 'tags', 'AITags', 'versionInfo',
    'customCoordinates', 'customMetadata', 'isPrivateFile', 'url', 'fileType', 'filePath', 'size', 'mime',
  ],
  properties: { fileType: { enum: ['image', 'non-image'] }, versionInfo: { required: ['id', 'name'] } },
  if: { properties: { fileType: { const: 'image' } } },
  then: { required: ['thumbnail', 'height', 'width', 'hasAlpha'] },
};

/** Extra rules per schema name, from the seeds (000-004) and FACTS.md. */
const TIGHTENED: Record<string, Json> = {
  // FACTS.md "Response": always these; images also height, width and thumbnailUrl.
  Upload: {
    required: ['fileId', 'name', 'size', 'versionInfo', 'filePath', 'url', 'fileType', 'AITags'],
    properties: { fileType: { enum: ['image', 'non-image'] } },
    if: { properties: { fileType: { const: 'image' } } },
    then: { required: ['height', 'width', 'thumbnailUrl'] },
    else: { not: { required: ['thumbnailUrl'] } },
  },
  FileDetails: FILE_DETAILS_RULES,
  // PATCH details answers FileDetails plus extensionStatus (the spec's allOf); built in build().
  FileUpdate: FILE_DETAILS_RULES,
  FolderDetails: {
    required: ['type', 'folderId', 'name', 'folderPath', 'createdAt', 'updatedAt', 'customMetadata'],
  },
  CustomMetadataField: {
    properties: {
      schema: {
        propertyNames: {
          enum: ['type', 'selectOptions', 'defaultValue', 'isValueRequired', 'minValue', 'maxValue', 'minLength', 'maxLength'],
        },
        // Range keys only for Number/Date, length keys only for Text/Textarea, options only for selects.
        allOf: [
          {
            if: { properties: { type: { enum: ['Number', 'Date'] } } },
            else: { not: { anyOf: [{ required: ['minValue'] }, { required: ['maxValue'] }] } },
          },
          {
            if: { properties: { type: { enum: ['Text', 'Textarea'] } } },
            else: { not: { anyOf: [{ required: ['minLength'] }, { required: ['maxLength'] }] } },
          },
          {
            if: { properties: { type: { enum: ['SingleSelect', 'MultiSelect'] } } },
            then: { required: ['selectOptions'] },
            else: { not: { required: ['selectOptions'] } },
          },
        ],
      },
    },
  },
};

function build(): Map<string, ValidateFunction> {
  const spec = parse(readFileSync(SPEC, 'utf8')) as { components: { schemas: Json } };
  const defs = rewriteRefs(spec.components.schemas) as Record<string, Json>;
  // Seed 002 shows `"embeddedMetadata": null`; the spec's schema (and issue 14) want an object, always.
  defs.FileUpdate = {
    allOf: [{ $ref: '#/$defs/FileDetails' }],
    properties: {
      extensionStatus: { type: 'object', additionalProperties: { enum: ['success', 'pending', 'failed'] } },
    },
  };

  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const [name, extra] of Object.entries(TIGHTENED)) {
    // Field objects stay open at the top, as the SDK already knows a newer `description` the spec lacks.
    const closed = name === 'CustomMetadataField' ? {} : { unevaluatedProperties: false };
    defs[`strict-${name}`] = { $ref: `#/$defs/${name}`, ...closed, ...extra };
  }
  ajv.addSchema({ $id: ROOT, $defs: defs });
  const validators = new Map<string, ValidateFunction>();
  for (const name of Object.keys(TIGHTENED)) {
    const v = ajv.getSchema(`${ROOT}#/$defs/strict-${name}`);
    if (!v) throw new Error(`schema ${name} did not compile`);
    validators.set(name, v);
  }
  return validators;
}

let validators: Map<string, ValidateFunction> | undefined;

// ---- operations, by the spec's paths ----

type Spec = {
  paths: Record<string, Record<string, { responses?: Record<string, Json> }>>;
  components: { schemas: Json; responses: Record<string, Json> };
};

/** Refs to component schemas, absolute, to the closed copy unless `open`. */
function absoluteRefs(node: unknown, open = false): unknown {
  if (Array.isArray(node)) return node.map((n) => absoluteRefs(n, open));
  if (node && typeof node === 'object') {
    const out: Json = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') {
        out[k] = v.replace('#/components/schemas/', `${OPS_ROOT}#/$defs/${open ? 'open-' : ''}`);
      } else if (k === 'type' && Array.isArray(v)) {
        out[k] = v.map((t) => (t === null ? 'null' : t));
      } else if (k === 'allOf' && Array.isArray(v)) {
        // allOf members stay open: the closing node above them sees their properties.
        out[k] = v.map((n) => absoluteRefs(n, true));
      } else if (k === 'example' || k === 'examples') {
        out[k] = v;
      } else {
        out[k] = absoluteRefs(v, open);
      }
    }
    return out;
  }
  return node;
}

/**
 * Every object schema that names properties and says nothing about others gets
 * `unevaluatedProperties: false` (allOf members excepted, their parent is closed instead).
 */
function closeObjects(node: unknown, inAllOf = false): unknown {
  if (Array.isArray(node)) return node.map((n) => closeObjects(n));
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'example' || k === 'examples') out[k] = v;
    else if (k === 'allOf' && Array.isArray(v)) out[k] = v.map((n) => closeObjects(n, true));
    else if (k === 'properties' && v && typeof v === 'object') {
      out[k] = Object.fromEntries(Object.entries(v).map(([name, sub]) => [name, closeObjects(sub)]));
    } else out[k] = closeObjects(v);
  }
  const named = 'properties' in out || 'allOf' in out;
  if (named && !inAllOf && !('additionalProperties' in out) && !('unevaluatedProperties' in out)) out.unevaluatedProperties = false;
  return out;
}

const OPS_ROOT = 'https://imagekit.io/openapi-v1-operations.json';

/**
 * Response schemas of the two SDK 7.11 operations the spec copy lacks, transcribed from
 * `@imagekit/nodejs` 7.11's `Shared.NamedTransformation` and `UsageAnalyticsResponse` types
 * (node_modules/@imagekit/nodejs/src/resources/). Non-optional fields are required.
 */
const NAMED_TRANSFORMATION: Json = {
  type: 'object',
  required: ['id', 'createdAt', 'enabled', 'name', 'transformation'],
  properties: {
    id: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    enabled: { type: 'boolean' },
    name: { type: 'string', pattern: '^[A-Za-z0-9_]+$' },
    transformation: { type: 'string' },
  },
  additionalProperties: false,
};
const entry = (extra: Json = {}): Json => ({
  type: 'object',
  required: ['bandwidthBytes', 'requestCount', 'name', ...Object.keys(extra)],
  properties: { bandwidthBytes: { type: 'integer', minimum: 0 }, requestCount: { type: 'integer', minimum: 0 }, name: { type: 'string' }, ...extra },
  additionalProperties: false,
});
const ranked = (extra: Json = {}): Json => ({
  type: 'object',
  required: ['byBandwidth', 'byRequests'],
  properties: { byBandwidth: { type: 'array', items: entry(extra) }, byRequests: { type: 'array', items: entry(extra) } },
  additionalProperties: false,
});
const named = (count: string): Json => ({
  type: 'array',
  items: { type: 'object', required: ['name', count], properties: { name: { type: 'string' }, [count]: { type: 'integer', minimum: 0 } }, additionalProperties: false },
});
const USAGE_ANALYTICS: Json = {
  type: 'object',
  required: [
    'bandwidthBytes', 'browser', 'cache', 'country', 'device', 'endDate', 'errorReasons', 'extensions', 'format',
    'generatedAt', 'requestCount', 'startDate', 'statusCodes', 'top404Assets', 'topImages', 'topImageTransforms',
    'topOtherAssets', 'topReferrers', 'topUserAgents', 'topVideos', 'topVideoTransforms', 'urlEndpoints', 'videoProcessing',
  ],
  properties: {
    bandwidthBytes: { type: 'integer', minimum: 0 },
    requestCount: { type: 'integer', minimum: 0 },
    startDate: { type: 'string', format: 'date' },
    endDate: { type: 'string', format: 'date' },
    generatedAt: { type: 'string', format: 'date-time' },
    browser: ranked(),
    country: ranked({ code: { type: 'string' } }),
    device: ranked(),
    format: ranked(),
    topImages: ranked(),
    topImageTransforms: ranked(),
    topOtherAssets: ranked(),
    topReferrers: ranked(),
    topUserAgents: ranked(),
    topVideos: ranked(),
    topVideoTransforms: ranked(),
    urlEndpoints: ranked(),
    cache: {
      type: 'object',
      required: ['errorCount', 'hitCount', 'missCount'],
      properties: { errorCount: { type: 'integer' }, hitCount: { type: 'integer' }, missCount: { type: 'integer' } },
      additionalProperties: false,
    },
    errorReasons: named('requestCount'),
    extensions: named('operationCount'),
    statusCodes: named('requestCount'),
    top404Assets: named('requestCount'),
    videoProcessing: {
      type: 'array',
      items: {
        type: 'object',
        required: ['codec', 'durationSeconds', 'resolution'],
        properties: { codec: { type: 'string' }, durationSeconds: { type: 'number' }, resolution: { type: 'string' } },
      },
    },
  },
  // The SDK's type has an index signature ([k: string]: unknown): more keys are allowed.
};
const SDK_OPERATIONS: Record<string, Json> = {
  'get /v1/named-transformations 200': { type: 'array', items: NAMED_TRANSFORMATION },
  'post /v1/named-transformations 201': NAMED_TRANSFORMATION,
  'get /v1/named-transformations/{id} 200': NAMED_TRANSFORMATION,
  'patch /v1/named-transformations/{id} 200': NAMED_TRANSFORMATION,
  'get /v1/accounts/usage-analytics 200': USAGE_ANALYTICS,
};

let operations: { ajv: Ajv2020; spec: Spec; compiled: Map<string, ValidateFunction> } | undefined;

function loadOperations() {
  if (operations) return operations;
  const spec = parse(readFileSync(SPEC, 'utf8')) as Spec;
  const defs: Json = {};
  for (const [name, schema] of Object.entries(spec.components.schemas)) {
    defs[name] = closeObjects(absoluteRefs(schema));
    defs[`open-${name}`] = absoluteRefs(schema, true);
  }
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: OPS_ROOT, $defs: defs });
  operations = { ajv, spec, compiled: new Map() };
  return operations;
}

/** The spec's schema for one answer, compiled (undefined when the spec gives the status no JSON body). */
function operationValidator(method: string, path: string, status: number): ValidateFunction | undefined {
  const ops = loadOperations();
  const key = `${method.toLowerCase()} ${path} ${status}`;
  if (ops.compiled.has(key)) return ops.compiled.get(key);
  let schema: unknown = SDK_OPERATIONS[key];
  if (!schema) {
    const operation = ops.spec.paths[path]?.[method.toLowerCase()];
    if (!operation) throw new Error(`the spec has no operation ${method.toUpperCase()} ${path}`);
    type Response = { $ref?: string; content?: Record<string, { schema?: unknown }> };
    let response = operation.responses?.[String(status)] as Response | undefined;
    if (!response) throw new Error(`the spec lists no ${status} answer for ${method.toUpperCase()} ${path}`);
    // 401, 403 and 429 are shared: `$ref: '#/components/responses/Unauthorized'`.
    if (response.$ref) response = ops.spec.components.responses[response.$ref.split('/').pop()!] as Response;
    const body = response.content?.['application/json']?.schema;
    if (!body) return undefined;
    schema = closeObjects(absoluteRefs(body));
  }
  const validate = ops.ajv.compile(schema as Json);
  ops.compiled.set(key, validate);
  return validate;
}

/**
 * The spec's complaints about one answer of `METHOD path` (a path template as the spec writes
 * it, e.g. `/v1/files/{fileId}/versions`) with this status.
 */
export function operationErrors(method: string, path: string, status: number, body: unknown): string[] {
  // A 204 has no body, whatever the spec's content says (the SDK reads it as null).
  if (status === 204) return body === undefined || body === null || body === '' ? [] : ['(root) a 204 answer has a body'];
  const validate = operationValidator(method, path, status);
  if (!validate) return body === undefined || body === '' ? [] : ['(root) the spec gives this answer no body'];
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

/** Fails unless `body` is what the spec's `paths` say `METHOD path` answers with `status`. */
export function assertMatchesOperation(method: string, path: string, status: number, body: unknown): void {
  const errors = operationErrors(method, path, status, body);
  assert.deepEqual(errors, [], `${method.toUpperCase()} ${path} ${status} does not match the spec:\n${errors.join('\n')}\n${JSON.stringify(body, null, 2)}`);
}

export type SchemaName = 'Upload' | 'FileDetails' | 'FileUpdate' | 'FolderDetails' | 'CustomMetadataField';

/** The schema's complaints about `value` (empty when it matches). */
export function schemaErrors(name: SchemaName, value: unknown): string[] {
  validators ??= build();
  const validate = validators.get(name)!;
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

/** Fails the test, listing every mismatch, unless `value` matches the spec's schema `name`. */
export function assertMatchesSchema(name: SchemaName, value: unknown): void {
  const errors = schemaErrors(name, value);
  assert.deepEqual(errors, [], `response does not match ${name}:\n${errors.join('\n')}\n${JSON.stringify(value, null, 2)}`);
}
