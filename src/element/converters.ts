import type { ComplexAttributeConverter } from 'lit';
import { InvalidJson } from '../core/params.js';

/**
 * ImageKit booleans default to true on the server, so "absent" must stay distinct from "false":
 * no attribute = not sent, `attr` or `attr="true"` = true, `attr="false"` = false.
 */
export const optionalBoolean: ComplexAttributeConverter<boolean | undefined> = {
  fromAttribute: (value) => (value === null ? undefined : value.trim().toLowerCase() !== 'false'),
  toAttribute: (value) => (value === undefined ? null : String(value)),
};

/** A JSON attribute; bad JSON is kept as `InvalidJson` so the upload is refused with a clear message. */
export const jsonAttribute: ComplexAttributeConverter<unknown> = {
  fromAttribute(value) {
    if (value === null || value.trim() === '') return undefined;
    try {
      return JSON.parse(value);
    } catch (err) {
      return new InvalidJson(value, (err as Error).message);
    }
  },
};

/** An optional string: an empty attribute means "not set". */
export const optionalString: ComplexAttributeConverter<string | undefined> = {
  fromAttribute: (value) => (value === null || value.trim() === '' ? undefined : value),
};

const UNITS: Record<string, number> = { '': 1, b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** Bytes, as a plain number or with a unit: "5242880", "5MB", "500 KB" (1 KB = 1024 bytes). */
export const byteSize: ComplexAttributeConverter<number | undefined> = {
  fromAttribute(value) {
    const m = value?.trim().toLowerCase().match(/^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/);
    if (!m) return undefined;
    return Math.round(Number(m[1]) * UNITS[m[2] ?? '']!);
  },
};

/** A whole number attribute; anything else means "use the default". */
export const optionalInteger: ComplexAttributeConverter<number | undefined> = {
  fromAttribute(value) {
    if (value === null || !/^\s*\d+\s*$/.test(value)) return undefined;
    return Number(value);
  },
};

/** A number attribute; text that is not a number becomes NaN, so the check that uses it refuses it by name. */
export const optionalNumber: ComplexAttributeConverter<number | undefined> = {
  fromAttribute: (value) => (value === null || value.trim() === '' ? undefined : Number(value)),
};
