import { ImageKitError } from './http.js';
import { uniqueSuffix } from './ids.js';
import { TRANSFORMATION_STRING } from './transformation.js';
import type { FileStore } from './store.js';

/**
 * Named transformations (`/v1/named-transformations`, in `@imagekit/nodejs` 7.11 though not in
 * the shared spec copy; shapes from the SDK's `NamedTransformation` type), kept in
 * `docs/named-transformations/`. They are stored and listed; delivery URLs do not apply them
 * (the emulator serves originals and `ik_ml_thumbnail`). ImageKit refuses to rename, disable
 * or delete one an upload transformation setting uses (409): the emulator has no such
 * settings, so that never happens. Refusal messages here are inferred: no public source.
 */
export interface NamedTransformation {
  id: string;
  name: string;
  transformation: string;
  enabled: boolean;
  createdAt: string;
}

const COLLECTION = 'named-transformations';
const MAX_NAMED = 250;
const NAME = /^[A-Za-z0-9_]{1,100}$/;
/** Ids shaped like the SDK's example (`6bZ9x2ZUx`). */
const ID = /^[A-Za-z0-9_-]{9}$/;
/** ImageKit's own, which every account has and nobody can redefine. */
const RESERVED = new Set(['ik_ml_thumbnail', 'media_library_thumbnail']);
export const NAMED_NOT_FOUND = 'The requested named transformation does not exist.';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function check(body: unknown, creating: boolean): Partial<Pick<NamedTransformation, 'name' | 'transformation' | 'enabled'>> {
  if (!isObject(body)) throw new ImageKitError(400, 'Your request body should be a JSON object.');
  const unknown = Object.keys(body).filter((k) => !['name', 'transformation', 'enabled'].includes(k));
  if (unknown.length > 0) throw new ImageKitError(400, `Your request contains unknown parameters: ${unknown.join(', ')}.`);
  const out: Partial<Pick<NamedTransformation, 'name' | 'transformation' | 'enabled'>> = {};
  if (body.name !== undefined || creating) {
    if (typeof body.name !== 'string' || !NAME.test(body.name)) {
      throw new ImageKitError(400, 'name is required and can contain only letters, digits and _ (at most 100 characters).');
    }
    if (RESERVED.has(body.name)) throw new ImageKitError(400, `name ${body.name} is reserved by ImageKit.`);
    out.name = body.name;
  }
  if (body.transformation !== undefined || creating) {
    const t = body.transformation;
    if (typeof t !== 'string' || t.length > 2000 || !TRANSFORMATION_STRING.test(t.replace(/^tr:/, ''))) {
      throw new ImageKitError(400, 'transformation is required and must be a transformation string, e.g. w-150,h-150,fo-center.');
    }
    out.transformation = t.replace(/^tr:/, '');
  }
  if (body.enabled !== undefined) {
    if (typeof body.enabled !== 'boolean') throw new ImageKitError(400, 'enabled must be true or false.');
    out.enabled = body.enabled;
  }
  return out;
}

export function namedTransformationsOf(store: FileStore) {
  const items = store.collection<NamedTransformation>(COLLECTION);
  const byCreation = (a: NamedTransformation, b: NamedTransformation) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
  const nameTaken = async (name: string, except?: string) => (await items.list()).some((t) => t.name === name && t.id !== except);
  const taken = (name: string) => new ImageKitError(409, `A named transformation with the name ${name} already exists.`);
  return {
    list: () => items.list(byCreation),

    async get(id: string): Promise<NamedTransformation> {
      const item = ID.test(id) ? await items.get(id) : undefined;
      if (!item) throw new ImageKitError(404, NAMED_NOT_FOUND);
      return item;
    },

    create(body: unknown): Promise<NamedTransformation> {
      const fields = check(body, true);
      return items.serial(async () => {
        if ((await items.size()) >= MAX_NAMED) throw new ImageKitError(400, `You can create up to ${MAX_NAMED} named transformations.`);
        if (await nameTaken(fields.name!)) throw taken(fields.name!);
        let id = uniqueSuffix();
        while (!/^[A-Za-z0-9_-]{9}$/.test(id) || (await items.get(id))) id = uniqueSuffix();
        const item: NamedTransformation = {
          id,
          name: fields.name!,
          transformation: fields.transformation!,
          enabled: fields.enabled ?? true,
          createdAt: new Date().toISOString(),
        };
        await items.put(item);
        return item;
      });
    },

    async update(id: string, body: unknown): Promise<NamedTransformation> {
      const fields = check(body, false);
      await this.get(id);
      return items.serial(async () => {
        const item = await this.get(id);
        if (fields.name !== undefined && (await nameTaken(fields.name, id))) throw taken(fields.name);
        const updated = { ...item, ...fields };
        await items.put(updated);
        return updated;
      });
    },

    async delete(id: string): Promise<void> {
      await this.get(id);
      await items.serial(async () => {
        if (!(await items.delete(id))) throw new ImageKitError(404, NAMED_NOT_FOUND);
      });
    },
  };
}
