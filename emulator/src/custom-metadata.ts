import { randomBytes } from 'node:crypto';

/**
 * Custom metadata fields as ImageKit defines them (OpenAPI `CustomMetadataField`): the rules for
 * defining fields, and the check of the `customMetadata` an upload or an update sets on a file.
 * Pure functions: persistence lives in custom-metadata-fields-store.ts.
 */

export const CUSTOM_METADATA_FIELD_TYPES = [
  'Text',
  'Textarea',
  'Number',
  'Date',
  'Boolean',
  'SingleSelect',
  'MultiSelect',
] as const;

export type CustomMetadataFieldType = (typeof CUSTOM_METADATA_FIELD_TYPES)[number];
export type SelectOption = string | number | boolean;

export interface CustomMetadataFieldSchema {
  type: CustomMetadataFieldType;
  selectOptions?: SelectOption[];
  defaultValue?: SelectOption | SelectOption[];
  isValueRequired?: boolean;
  minValue?: string | number;
  maxValue?: string | number;
  minLength?: number;
  maxLength?: number;
}

export interface CustomMetadataField {
  id: string;
  name: string;
  label: string;
  schema: CustomMetadataFieldSchema;
  /** Newer than the spec copy; the official Node SDK sends it (at most 500 characters). */
  description?: string;
}

/** A field as kept on disk: deleted fields stay, because their name can never be reused. */
export interface StoredCustomMetadataField extends CustomMetadataField {
  deleted?: boolean;
}

export type CustomMetadata = Record<string, unknown>;

/** An ImageKit-style 400/404: `{ message, help, errors? }` once the route adds `help`. */
export interface CustomMetadataFailure {
  ok: false;
  status: 400 | 404;
  message: string;
  /** Per key reasons, as ImageKit's `errors` object gives them. */
  errors?: Record<string, string>;
}

export type CustomMetadataResult<T> = { ok: true; value: T } | CustomMetadataFailure;

/** The spec's message for a bad `customMetadata` value; the details follow it and sit in `errors`. */
export const INVALID_CUSTOM_METADATA = 'Invalid custom metadata.';
export const INVALID_SCHEMA_OBJECT = 'Invalid schema object.';
export const FIELD_NOT_FOUND = 'No such custom metadata field exists.';
export const INVALID_FIELD_ID = 'Your request contains invalid ID parameter.';

const SCHEMA_KEYS = new Set([
  'type',
  'selectOptions',
  'defaultValue',
  'isValueRequired',
  'minValue',
  'maxValue',
  'minLength',
  'maxLength',
]);
// ISO 8601 date, optionally with a time and zone: what ImageKit asks of Date values and limits.
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** A new field id, shaped like ImageKit's (24 hex digits). */
export function newFieldId(): string {
  return randomBytes(12).toString('hex');
}

export function isFieldId(id: string): boolean {
  return /^[0-9a-f]{24}$/i.test(id);
}

function fail(status: 400 | 404, message: string, errors?: Record<string, string>): CustomMetadataFailure {
  return errors ? { ok: false, status, message, errors } : { ok: false, status, message };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isOption(value: unknown): value is SelectOption {
  return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

function isIsoDate(value: unknown): value is string {
  return typeof value === 'string' && ISO_DATE.test(value) && !Number.isNaN(Date.parse(value));
}

/** Sets a key as an own property even when it is `__proto__`, which `=` would treat as the prototype. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function describe(value: unknown): string {
  return JSON.stringify(value);
}

/** Why `value` does not fit `schema`, or null when it does. `null` values are handled by the caller. */
export function checkFieldValue(schema: CustomMetadataFieldSchema, value: unknown): string | null {
  switch (schema.type) {
    case 'Text':
    case 'Textarea': {
      if (typeof value !== 'string') return 'should be of type string';
      if (schema.minLength !== undefined && value.length < schema.minLength)
        return `should have at least ${schema.minLength} characters`;
      if (schema.maxLength !== undefined && value.length > schema.maxLength)
        return `should have at most ${schema.maxLength} characters`;
      return null;
    }
    case 'Number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'should be of type number';
      if (typeof schema.minValue === 'number' && value < schema.minValue)
        return `should be greater than or equal to ${schema.minValue}`;
      if (typeof schema.maxValue === 'number' && value > schema.maxValue)
        return `should be less than or equal to ${schema.maxValue}`;
      return null;
    }
    case 'Date': {
      if (!isIsoDate(value)) return 'should be a date in ISO 8601 format, e.g. 2024-01-31 or 2024-01-31T10:00:00Z';
      const t = Date.parse(value);
      if (schema.minValue !== undefined && t < Date.parse(String(schema.minValue)))
        return `should be on or after ${schema.minValue}`;
      if (schema.maxValue !== undefined && t > Date.parse(String(schema.maxValue)))
        return `should be on or before ${schema.maxValue}`;
      return null;
    }
    case 'Boolean':
      return typeof value === 'boolean' ? null : 'should be of type boolean';
    case 'SingleSelect': {
      const options = schema.selectOptions ?? [];
      return options.includes(value as SelectOption)
        ? null
        : `should be one of the select options: ${options.map(describe).join(', ')}`;
    }
    case 'MultiSelect': {
      const options = schema.selectOptions ?? [];
      if (!Array.isArray(value)) return 'should be an array of select options';
      return value.every((v) => options.includes(v as SelectOption))
        ? null
        : `should contain only the select options: ${options.map(describe).join(', ')}`;
    }
  }
}

/**
 * Checks the `customMetadata` an upload (a JSON string) or an update (an object) sets, against
 * the defined, non-deleted fields, and returns what the file keeps. A key set to `null` is unset;
 * `existing` is the file's current metadata for an update (keys not sent are kept). Required
 * fields left without a value take their default value.
 */
export function validateCustomMetadata(
  fields: readonly CustomMetadataField[],
  value: unknown,
  existing: CustomMetadata = {},
): CustomMetadataResult<CustomMetadata> {
  let input: unknown = value ?? {};
  if (typeof input === 'string') {
    try {
      input = JSON.parse(input);
    } catch {
      input = undefined;
    }
  }
  if (!isPlainObject(input)) {
    return fail(400, `${INVALID_CUSTOM_METADATA} customMetadata should be a JSON object.`, {
      customMetadata: 'should be a JSON object',
    });
  }

  const byName = new Map(fields.map((f) => [f.name, f]));
  const errors: Record<string, string> = {};
  const result: CustomMetadata = { ...existing };
  for (const [key, v] of Object.entries(input)) {
    const field = byName.get(key);
    if (!field) {
      // setOwn: a `__proto__` key must be reported, not swallowed by the errors object.
      setOwn(errors, key, 'is not a defined custom metadata field; create it with the custom metadata fields API first');
      continue;
    }
    if (v === null) {
      if (field.schema.isValueRequired) errors[key] = 'is a required field and cannot be unset';
      else delete result[key];
      continue;
    }
    const problem = checkFieldValue(field.schema, v);
    if (problem) errors[key] = problem;
    else setOwn(result, key, v);
  }
  for (const field of fields) {
    if (!field.schema.isValueRequired || Object.hasOwn(result, field.name) || Object.hasOwn(errors, field.name)) continue;
    if (field.schema.defaultValue !== undefined) setOwn(result, field.name, field.schema.defaultValue);
    else errors[field.name] = 'is a required field';
  }

  if (Object.keys(errors).length > 0) {
    const details = Object.entries(errors).map(([k, reason]) => `"${k}" ${reason}.`).join(' ');
    return fail(400, `${INVALID_CUSTOM_METADATA} ${details}`, errors);
  }
  return { ok: true, value: result };
}

/** Checks a field's `schema` for its `type`: which keys the type allows and that limits agree. */
export function checkFieldSchema(schema: Record<string, unknown>): Record<string, string> {
  const errors: Record<string, string> = {};
  const type = schema.type as CustomMetadataFieldType;
  if (!CUSTOM_METADATA_FIELD_TYPES.includes(type)) {
    errors.type = `should be one of ${CUSTOM_METADATA_FIELD_TYPES.join(', ')}`;
    return errors;
  }
  for (const key of Object.keys(schema)) {
    if (!SCHEMA_KEYS.has(key)) setOwn(errors, key, 'is not a schema property');
  }
  const isSelect = type === 'SingleSelect' || type === 'MultiSelect';
  const isText = type === 'Text' || type === 'Textarea';
  const isRange = type === 'Number' || type === 'Date';

  if (schema.selectOptions !== undefined && !isSelect) errors.selectOptions = 'not allowed for this type';
  if (isSelect) {
    const options = schema.selectOptions;
    if (!Array.isArray(options) || options.length === 0)
      errors.selectOptions = 'is required for SingleSelect and MultiSelect and should be a non-empty array';
    else if (!options.every(isOption)) errors.selectOptions = 'should contain only strings, numbers or booleans';
  }
  for (const key of ['minLength', 'maxLength'] as const) {
    const v = schema[key];
    if (v === undefined) continue;
    if (!isText) errors[key] = 'not allowed for this type';
    else if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) errors[key] = 'should be a non-negative integer';
  }
  for (const key of ['minValue', 'maxValue'] as const) {
    const v = schema[key];
    if (v === undefined) continue;
    if (!isRange) errors[key] = 'not allowed for this type';
    else if (type === 'Number' && (typeof v !== 'number' || !Number.isFinite(v))) errors[key] = 'should be of type number';
    else if (type === 'Date' && !isIsoDate(v)) errors[key] = 'should be a date in ISO 8601 format';
  }
  if (!errors.minLength && !errors.maxLength && (schema.minLength as number) > (schema.maxLength as number))
    errors.minLength = 'should not be greater than maxLength';
  if (!errors.minValue && !errors.maxValue && schema.minValue !== undefined && schema.maxValue !== undefined) {
    const lo = type === 'Date' ? Date.parse(String(schema.minValue)) : (schema.minValue as number);
    const hi = type === 'Date' ? Date.parse(String(schema.maxValue)) : (schema.maxValue as number);
    if (lo > hi) errors.minValue = 'should not be greater than maxValue';
  }
  if (schema.isValueRequired !== undefined && typeof schema.isValueRequired !== 'boolean')
    errors.isValueRequired = 'should be of type boolean';
  if (Object.keys(errors).length > 0) return errors;

  if (schema.defaultValue !== undefined) {
    const problem = checkFieldValue(schema as unknown as CustomMetadataFieldSchema, schema.defaultValue);
    if (problem) errors.defaultValue = problem;
  } else if (schema.isValueRequired === true) {
    errors.defaultValue = 'is required when isValueRequired is true';
  }
  return errors;
}

function invalidSchema(errors: Record<string, string>): CustomMetadataFailure {
  const details = Object.entries(errors).map(([k, reason]) => `${k} ${reason}.`).join(' ');
  return fail(400, `${INVALID_SCHEMA_OBJECT} ${details}`, errors);
}

/** The field a `POST /v1/customMetadataFields` body defines, or why it cannot be created. */
export function createField(
  existing: readonly StoredCustomMetadataField[],
  body: unknown,
  id: string = newFieldId(),
): CustomMetadataResult<CustomMetadataField> {
  if (!isPlainObject(body)) return fail(400, 'Your request body should be a JSON object.');
  for (const key of ['name', 'label'] as const) {
    const v = body[key];
    if (v === undefined || v === null || v === '') return fail(400, `Your request is missing ${key} parameter.`);
    if (typeof v !== 'string' || v.trim() === '') return fail(400, `Your request contains invalid ${key} parameter.`);
  }
  if (body.schema === undefined) return fail(400, 'Your request is missing schema parameter.');
  if (!isPlainObject(body.schema)) return invalidSchema({ schema: 'should be an object' });
  const name = body.name as string;
  const label = body.label as string;
  // Names stay reserved after deletion; labels only among live fields (the spec says so).
  if (existing.some((f) => f.name === name)) return fail(400, 'A custom metadata field with this name already exists.');
  if (existing.some((f) => !f.deleted && f.label === label))
    return fail(400, 'A custom metadata field with this label already exists.');
  const description = checkDescription(body.description);
  if (typeof description === 'object') return description;
  const errors = checkFieldSchema(body.schema);
  if (Object.keys(errors).length > 0) return invalidSchema(errors);
  const field: CustomMetadataField = { id, name, label, schema: { ...(body.schema as unknown as CustomMetadataFieldSchema) } };
  if (description) field.description = description;
  return { ok: true, value: field };
}

/** A description is optional, at most 500 characters; '' clears it on update. */
function checkDescription(value: unknown): string | undefined | CustomMetadataFailure {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') return fail(400, 'Your request contains invalid description parameter.');
  if (value.length > 500) return fail(400, 'Your request contains invalid description parameter. It can be at most 500 characters.');
  return value;
}

/**
 * A `PATCH /v1/customMetadataFields/{id}` applied to `field`: a new label and/or schema keys merged
 * over the current schema. `type` is ignored (the spec: it cannot change); `name` is refused.
 */
export function updateField(
  existing: readonly StoredCustomMetadataField[],
  field: StoredCustomMetadataField,
  body: unknown,
): CustomMetadataResult<CustomMetadataField> {
  if (!isPlainObject(body)) return fail(400, 'Your request body should be a JSON object.');
  if (field.deleted) return fail(400, 'Cannot update a deleted custom metadata fields.');
  if (body.name !== undefined) return fail(400, 'Name cannot be updated.');
  if (body.label === undefined && body.schema === undefined && body.description === undefined)
    return fail(400, 'Either label or schema should be provided.');
  const description = checkDescription(body.description);
  if (typeof description === 'object') return description;
  let label = field.label;
  if (body.label !== undefined) {
    if (typeof body.label !== 'string' || body.label.trim() === '') return fail(400, 'Your request contains invalid label parameter.');
    if (existing.some((f) => !f.deleted && f.id !== field.id && f.label === body.label))
      return fail(400, 'A custom metadata field with this label already exists.');
    label = body.label;
  }
  let schema = field.schema;
  if (body.schema !== undefined) {
    if (!isPlainObject(body.schema)) return invalidSchema({ schema: 'should be an object' });
    const merged: Record<string, unknown> = { ...field.schema, ...body.schema, type: field.schema.type };
    // A key sent as null removes that rule.
    for (const [k, v] of Object.entries(merged)) if (v === null) delete merged[k];
    const errors = checkFieldSchema(merged);
    if (Object.keys(errors).length > 0) return invalidSchema(errors);
    schema = merged as unknown as CustomMetadataFieldSchema;
  }
  const updated: CustomMetadataField = { id: field.id, name: field.name, label, schema };
  const keptDescription = description === undefined ? field.description : description;
  if (keptDescription) updated.description = keptDescription;
  return { ok: true, value: updated };
}

/** A field as the API shows it: no storage-only flags. */
export function publicField(field: StoredCustomMetadataField): CustomMetadataField {
  const { deleted: _deleted, ...shown } = field;
  return shown;
}
