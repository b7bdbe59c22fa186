import { ImageKitError } from './http.js';
import { newId } from './ids.js';
import type { FileStore } from './store.js';

/**
 * The account management API: origins and URL endpoints (stored in `docs/origins/` and
 * `docs/url-endpoints/`, checked against the spec's `OriginRequest` and `UrlEndpointRequest`),
 * and the date range of the usage APIs. Nothing is fetched from an origin: the emulator serves
 * its own media library only. Messages the spec quotes are ImageKit's; the others are inferred.
 */

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---- origins ----

type FieldKind = 'name' | 'string' | 'uri' | 'email' | 'boolean';
interface FieldRule {
  kind: FieldKind;
  required?: boolean;
  /** Never returned (keys, passwords). */
  secret?: boolean;
  min?: number;
  max?: number;
  /** Returned with this value when not sent. */
  default?: string | boolean;
}

const NAME: FieldRule = { kind: 'name', required: true, min: 1, max: 100 };
const CANONICAL = {
  includeCanonicalHeader: { kind: 'boolean', default: false },
  baseUrlForCanonicalHeader: { kind: 'uri' },
} satisfies Record<string, FieldRule>;
const BUCKET = {
  bucket: { kind: 'string', required: true, min: 1, max: 100 },
  prefix: { kind: 'string', max: 100, default: '' },
} satisfies Record<string, FieldRule>;

/** Each origin type's fields, from the spec's `OriginRequest` / `OriginResponse` variants. */
const ORIGIN_TYPES: Record<string, Record<string, FieldRule>> = {
  S3: {
    name: NAME, ...CANONICAL, ...BUCKET,
    useIAMRole: { kind: 'boolean', default: false },
    accessKey: { kind: 'string', required: true, secret: true, max: 100 },
    secretKey: { kind: 'string', required: true, secret: true, max: 100 },
  },
  S3_COMPATIBLE: {
    name: NAME, ...CANONICAL, ...BUCKET,
    accessKey: { kind: 'string', required: true, secret: true, min: 1, max: 100 },
    secretKey: { kind: 'string', required: true, secret: true, min: 1, max: 100 },
    endpoint: { kind: 'uri', required: true },
    s3ForcePathStyle: { kind: 'boolean', default: false },
  },
  CLOUDINARY_BACKUP: {
    name: NAME, ...CANONICAL, ...BUCKET,
    useIAMRole: { kind: 'boolean', default: false },
    accessKey: { kind: 'string', required: true, secret: true, max: 100 },
    secretKey: { kind: 'string', required: true, secret: true, max: 100 },
  },
  WEB_FOLDER: {
    name: NAME, ...CANONICAL,
    baseUrl: { kind: 'uri', required: true },
    forwardHostHeaderToOrigin: { kind: 'boolean', default: false },
  },
  WEB_PROXY: { name: NAME, ...CANONICAL },
  GCS: {
    name: NAME, ...CANONICAL, ...BUCKET,
    clientEmail: { kind: 'email', required: true },
    privateKey: { kind: 'string', required: true, secret: true, min: 1 },
  },
  AZURE_BLOB: {
    name: NAME, ...CANONICAL,
    container: { kind: 'string', required: true, min: 1, max: 100 },
    prefix: { kind: 'string', max: 100, default: '' },
    accountName: { kind: 'string', required: true, min: 1, max: 100 },
    sasToken: { kind: 'string', required: true, secret: true, min: 1 },
  },
  AKENEO_PIM: {
    name: NAME, ...CANONICAL,
    baseUrl: { kind: 'uri', required: true },
    clientId: { kind: 'string', required: true, secret: true, min: 1, max: 100 },
    clientSecret: { kind: 'string', required: true, secret: true, min: 1, max: 100 },
    username: { kind: 'string', required: true, secret: true, min: 1, max: 100 },
    password: { kind: 'string', required: true, secret: true, min: 1, max: 100 },
  },
};

// The spec's pattern for GCS client e-mails.
const EMAIL = /^(?!\.)(?!.*\.\.)([A-Za-z0-9_'+\-.]*)[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;

function checkField(name: string, rule: FieldRule, value: unknown): string | boolean {
  const bad = (why: string) => new ImageKitError(400, `${name} ${why}`);
  if (rule.kind === 'boolean') {
    if (typeof value !== 'boolean') throw bad('must be a boolean'); // inferred
    return value;
  }
  if (typeof value !== 'string') throw bad(rule.required ? 'is required and must be a string' : 'must be a string');
  if (rule.min !== undefined && value.length < rule.min) throw bad('is required and must be a string');
  if (rule.max !== undefined && value.length > rule.max) throw bad(`must be at most ${rule.max} characters`); // inferred
  if (rule.kind === 'name' && !/^[a-zA-Z0-9 ]+$/.test(value)) throw bad('can contain only letters, digits and spaces'); // inferred
  if (rule.kind === 'uri' && !(URL.canParse(value) && /^https?:\/\//i.test(value))) throw bad('must be a valid http(s) URL'); // inferred
  if (rule.kind === 'email' && !EMAIL.test(value)) throw bad('must be a valid e-mail address'); // inferred
  return value;
}

export interface StoredOrigin {
  id: string;
  type: string;
  /** Every field as sent (secrets too: they are the user's own, on the user's own disk). */
  fields: Record<string, string | boolean>;
  createdAt: string;
}

function checkOrigin(body: unknown): { type: string; fields: Record<string, string | boolean> } {
  if (!isObject(body)) throw new ImageKitError(400, 'Your request body should be a JSON object.');
  const type = body.type;
  if (typeof type !== 'string' || !(type in ORIGIN_TYPES)) {
    throw new ImageKitError(400, `Invalid origin type. Must be one of ${Object.keys(ORIGIN_TYPES).join(', ')}.`);
  }
  const rules = ORIGIN_TYPES[type]!;
  const unknown = Object.keys(body).filter((k) => k !== 'type' && !(k in rules));
  if (unknown.length > 0) throw new ImageKitError(400, `Unknown fields for a ${type} origin: ${unknown.join(', ')}.`); // inferred
  const fields: Record<string, string | boolean> = {};
  for (const [name, rule] of Object.entries(rules)) {
    const value = body[name];
    if (value === undefined) {
      if (rule.required) throw new ImageKitError(400, `${name} is required and must be a string`);
      continue;
    }
    fields[name] = checkField(name, rule, value);
  }
  return { type, fields };
}

/** An origin as the API returns it (spec `OriginResponse`): no secret, defaults filled in. */
export function publicOrigin(origin: StoredOrigin): Record<string, unknown> {
  const rules = ORIGIN_TYPES[origin.type]!;
  const out: Record<string, unknown> = {};
  for (const [name, rule] of Object.entries(rules)) {
    if (rule.secret) continue;
    const value = origin.fields[name] ?? rule.default;
    if (value !== undefined) out[name] = value;
  }
  return { ...out, type: origin.type, id: origin.id };
}

export const ORIGIN_NOT_FOUND = 'Origin not found.';
const ORIGINS = 'origins';
const URL_ENDPOINTS = 'url-endpoints';
const OBJECT_ID = /^[0-9a-f]{24}$/i;

export function originsOf(store: FileStore) {
  const items = store.collection<StoredOrigin>(ORIGINS);
  const byCreation = (a: StoredOrigin, b: StoredOrigin) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
  return {
    list: async () => (await items.list(byCreation)).map(publicOrigin),
    async stored(id: string): Promise<StoredOrigin> {
      const origin = OBJECT_ID.test(id) ? await items.get(id) : undefined;
      if (!origin) throw new ImageKitError(404, ORIGIN_NOT_FOUND);
      return origin;
    },
    async get(id: string) {
      return publicOrigin(await this.stored(id));
    },
    async create(body: unknown) {
      const { type, fields } = checkOrigin(body);
      const origin: StoredOrigin = { id: newId(), type, fields, createdAt: new Date().toISOString() };
      await items.put(origin);
      return publicOrigin(origin);
    },
    async update(id: string, body: unknown) {
      const { type, fields } = checkOrigin(body);
      return items.serial(async () => {
        const origin = await this.stored(id);
        const updated: StoredOrigin = { ...origin, type, fields };
        await items.put(updated);
        return publicOrigin(updated);
      });
    },
    async delete(id: string) {
      await this.stored(id);
      await items.serial(async () => {
        const endpoints = await store.collection<UrlEndpoint>(URL_ENDPOINTS).list();
        const users = endpoints.filter((e) => e.origins.includes(id));
        if (users.length > 0) {
          // Inferred wording: the spec says only that deleting an origin in use is an error.
          throw new ImageKitError(400, `Origin is in use by URL-endpoint(s) ${users.map((e) => e.id).join(', ')}. Remove it from them first.`);
        }
        if (!(await items.delete(id))) throw new ImageKitError(404, ORIGIN_NOT_FOUND);
      });
    },
  };
}

// ---- URL endpoints ----

export interface UrlEndpoint {
  id: string;
  description: string;
  urlPrefix: string;
  origins: string[];
  urlRewriter?: { type: 'CLOUDINARY'; preserveAssetDeliveryTypes: boolean } | { type: 'IMGIX' } | { type: 'AKAMAI' };
  createdAt: string;
}

export const URL_ENDPOINT_NOT_FOUND = 'URL-endpoint not found.';
const DEFAULT_ID = 'default';
const MAX_ORIGINS = 10;

function checkUrlEndpoint(body: unknown, isDefault: boolean): Omit<UrlEndpoint, 'id' | 'createdAt'> {
  if (!isObject(body)) throw new ImageKitError(400, 'Your request body should be a JSON object.');
  const unknown = Object.keys(body).filter((k) => !['description', 'urlPrefix', 'origins', 'urlRewriter'].includes(k));
  if (unknown.length > 0) throw new ImageKitError(400, `Unknown fields: ${unknown.join(', ')}.`); // inferred
  const { description, urlPrefix = '', origins = [], urlRewriter } = body;
  if (typeof description !== 'string' || description.length === 0) throw new ImageKitError(400, 'description is required');
  if (description.length > 1000) throw new ImageKitError(400, 'description must be at most 1000 characters'); // inferred
  if (typeof urlPrefix !== 'string') throw new ImageKitError(400, 'urlPrefix must be a string');
  if (isDefault) {
    if (urlPrefix !== '') throw new ImageKitError(400, 'The urlPrefix of the default URL-endpoint cannot be changed.'); // inferred
  } else {
    if (urlPrefix === '') {
      throw new ImageKitError(400, 'urlPrefix cannot be empty string. This is reserved for the default URL-endpoint created by ImageKit.');
    }
    if (urlPrefix.length > 100 || !/^[A-Za-z0-9-]+$/.test(urlPrefix)) {
      throw new ImageKitError(400, 'urlPrefix can contain only letters, digits and hyphens (at most 100 characters).'); // inferred
    }
  }
  if (!Array.isArray(origins) || !origins.every((o) => typeof o === 'string')) {
    throw new ImageKitError(400, 'origins must be an array of origin ids'); // inferred
  }
  if (origins.length > MAX_ORIGINS) throw new ImageKitError(400, `origins can have at most ${MAX_ORIGINS} items`); // inferred
  const out: Omit<UrlEndpoint, 'id' | 'createdAt'> = { description, urlPrefix, origins: [...new Set(origins as string[])] };
  if (urlRewriter !== undefined) {
    if (!isObject(urlRewriter) || !['CLOUDINARY', 'IMGIX', 'AKAMAI'].includes(urlRewriter.type as string)) {
      throw new ImageKitError(400, 'urlRewriter.type must be one of CLOUDINARY, IMGIX, AKAMAI'); // inferred
    }
    const extra = Object.keys(urlRewriter).filter((k) => k !== 'type' && !(urlRewriter.type === 'CLOUDINARY' && k === 'preserveAssetDeliveryTypes'));
    if (extra.length > 0) throw new ImageKitError(400, `Unknown urlRewriter fields: ${extra.join(', ')}.`); // inferred
    if (urlRewriter.type === 'CLOUDINARY') {
      const preserve = urlRewriter.preserveAssetDeliveryTypes ?? false;
      if (typeof preserve !== 'boolean') throw new ImageKitError(400, 'urlRewriter.preserveAssetDeliveryTypes must be a boolean'); // inferred
      out.urlRewriter = { type: 'CLOUDINARY', preserveAssetDeliveryTypes: preserve };
    } else {
      out.urlRewriter = { type: urlRewriter.type as 'IMGIX' | 'AKAMAI' };
    }
  }
  return out;
}

function publicEndpoint(endpoint: UrlEndpoint): Record<string, unknown> {
  const { id, description, urlPrefix, origins, urlRewriter } = endpoint;
  return { id, description, urlPrefix, origins, ...(urlRewriter && { urlRewriter }) };
}

export function urlEndpointsOf(store: FileStore) {
  const items = store.collection<UrlEndpoint>(URL_ENDPOINTS);
  const origins = store.collection<StoredOrigin>(ORIGINS);
  // The account's own endpoint: always there, first; its origins can be set, not its prefix.
  const defaults = (): UrlEndpoint => ({ id: DEFAULT_ID, description: 'Default URL-endpoint', urlPrefix: '', origins: [], createdAt: '' });
  const stored = async (id: string): Promise<UrlEndpoint> => {
    if (id === DEFAULT_ID) return (await items.get(DEFAULT_ID)) ?? defaults();
    const endpoint = OBJECT_ID.test(id) ? await items.get(id) : undefined;
    if (!endpoint) throw new ImageKitError(404, URL_ENDPOINT_NOT_FOUND);
    return endpoint;
  };
  const checkReferences = async (fields: Omit<UrlEndpoint, 'id' | 'createdAt'>, except: string | undefined) => {
    for (const id of fields.origins) {
      if (!(await origins.get(id))) {
        throw new ImageKitError(400, 'Origin does not exists. Please create origin before using it in URL-endpoint.');
      }
    }
    const clash = (await items.list()).find((e) => e.id !== except && e.urlPrefix === fields.urlPrefix && e.id !== DEFAULT_ID);
    if (clash && fields.urlPrefix !== '') throw new ImageKitError(400, `A URL-endpoint with urlPrefix ${fields.urlPrefix} already exists.`); // inferred
  };
  return {
    async list() {
      const all = await items.list((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
      const custom = all.filter((e) => e.id !== DEFAULT_ID);
      return [await stored(DEFAULT_ID), ...custom].map(publicEndpoint);
    },
    async get(id: string) {
      return publicEndpoint(await stored(id));
    },
    /** The urlPrefix of every endpoint but the default, for serving. */
    async prefixes(): Promise<string[]> {
      return (await items.list()).filter((e) => e.id !== DEFAULT_ID).map((e) => e.urlPrefix);
    },
    create(body: unknown) {
      const fields = checkUrlEndpoint(body, false);
      return items.serial(async () => {
        await checkReferences(fields, undefined);
        const endpoint: UrlEndpoint = { id: newId(), ...fields, createdAt: new Date().toISOString() };
        await items.put(endpoint);
        return publicEndpoint(endpoint);
      });
    },
    async update(id: string, body: unknown) {
      await stored(id);
      const fields = checkUrlEndpoint(body, id === DEFAULT_ID);
      return items.serial(async () => {
        const endpoint = await stored(id);
        await checkReferences(fields, id);
        const updated: UrlEndpoint = { id: endpoint.id, createdAt: endpoint.createdAt, ...fields };
        await items.put(updated);
        return publicEndpoint(updated);
      });
    },
    async delete(id: string) {
      if (id === DEFAULT_ID) throw new ImageKitError(400, 'Default URL-endpoint cannot be deleted.');
      await stored(id);
      await items.serial(async () => {
        if (!(await items.delete(id))) throw new ImageKitError(404, URL_ENDPOINT_NOT_FOUND);
      });
    },
  };
}

// ---- usage ----

const DAY_MS = 86_400_000;

/**
 * `startDate` and `endDate` of the usage APIs, with the spec's messages: both `YYYY-MM-DD`,
 * start before end (`/v1/accounts/usage` counts [start, end); the analytics API both days,
 * so there they may be equal), less than 90 days apart. Returns UTC midnights in ms.
 */
export function usageRange(params: URLSearchParams, inclusive: boolean): { start: number; end: number } {
  const startDate = params.get('startDate');
  const endDate = params.get('endDate');
  if (!startDate || !endDate) throw new ImageKitError(400, 'startDate and endDate are required in query parameters.');
  const day = (value: string) => {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
    // Date.UTC rolls 2024-02-31 over to March: a real date reads back the same.
    if (!match || new Date(ms).toISOString().slice(0, 10) !== value) {
      throw new ImageKitError(400, 'startDate and endDate should be in format YYYY-MM-DD.');
    }
    return ms;
  };
  const start = day(startDate);
  const end = day(endDate);
  if (inclusive ? start > end : start >= end) throw new ImageKitError(400, 'startDate should be before endDate.');
  if (end - start >= 90 * DAY_MS) throw new ImageKitError(400, 'startDate and endDate should be within 90 days.');
  return { start, end: inclusive ? end + DAY_MS : end };
}
