import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

/**
 * Validates emulator responses against ImageKit's own OpenAPI spec (a copy in test/fixtures, so
 * the repo does not depend on paths outside it). The spec's schemas list no required fields and
 * allow any extra ones, which would pass almost anything, so each response schema is tightened:
 * no property the spec does not name, and the fields the seeds say are always there.
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
  // Seed 002 shows `"embeddedMetadata": null` where the spec says object; the seeds win.
  const fileProps = defs.FileDetails!.properties as Json;
  fileProps.embeddedMetadata = { anyOf: [{ $ref: '#/$defs/EmbeddedMetadata' }, { type: 'null' }] };

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
