import { ImageKitError, parseJson } from './http.js';
import { newId } from './ids.js';
import { parseExtensions } from './extensions.js';
import type { FileStore } from './store.js';

/** A saved extension (spec `SavedExtension`), kept in `docs/saved-extensions/`. */
export interface SavedExtension {
  id: string;
  name: string;
  description: string;
  config: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export const SAVED_EXTENSIONS = 'saved-extensions';
const MAX_SAVED = 100;
const ID = /^[0-9a-f]{24}$/i;
export const SAVED_NOT_FOUND = 'The requested saved extension does not exist.';
const INVALID_CONFIG = 'Invalid extension configuration.';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `config` checked as the upload API checks one item of `extensions` (the spec's
 * `ExtensionConfig`: remove-bg, auto-tagging, ai-auto-description, ai-tasks; not a reference
 * to another saved extension), refused with the spec's message and what is wrong.
 */
function checkConfig(config: unknown): Record<string, unknown> {
  if (!isObject(config) || typeof config.name !== 'string') throw new ImageKitError(400, `${INVALID_CONFIG} config should be an object with a name.`);
  if (config.name === 'saved-extension') throw new ImageKitError(400, `${INVALID_CONFIG} config cannot refer to another saved extension.`);
  try {
    parseExtensions(JSON.stringify([config]));
  } catch (error) {
    if (!(error instanceof ImageKitError)) throw error;
    const detail = error.message.replace('Your request contains invalid extensions parameter. ', '').replace(/extensions\[0\]/g, 'config');
    throw new ImageKitError(400, `${INVALID_CONFIG} ${detail}`);
  }
  return structuredClone(config);
}

function text(body: Record<string, unknown>, name: 'name' | 'description', required: boolean): string | undefined {
  const value = body[name];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    // Inferred wording (the spec gives none for these).
    throw new ImageKitError(400, `${name} is required and must be a non-empty string.`);
  }
  return value;
}

function checkKeys(body: Record<string, unknown>): void {
  const unknown = Object.keys(body).filter((k) => !['name', 'description', 'config'].includes(k));
  if (unknown.length > 0) throw new ImageKitError(400, `Your request contains unknown parameters: ${unknown.join(', ')}.`); // inferred
}

export function savedExtensionsOf(store: FileStore) {
  const items = store.collection<SavedExtension>(SAVED_EXTENSIONS);
  const byCreation = (a: SavedExtension, b: SavedExtension) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
  return {
    list: () => items.list(byCreation),

    async get(id: string): Promise<SavedExtension> {
      if (!ID.test(id)) throw new ImageKitError(400, 'Invalid saved extension ID.');
      const item = await items.get(id);
      if (!item) throw new ImageKitError(404, SAVED_NOT_FOUND);
      return item;
    },

    create(body: unknown): Promise<SavedExtension> {
      if (!isObject(body)) throw new ImageKitError(400, 'Your request body should be a JSON object.');
      checkKeys(body);
      const name = text(body, 'name', true)!;
      const description = text(body, 'description', true)!;
      if (body.config === undefined) throw new ImageKitError(400, `${INVALID_CONFIG} config is required.`);
      const config = checkConfig(body.config);
      return items.serial(async () => {
        if ((await items.size()) >= MAX_SAVED) {
          throw new ImageKitError(400, `You can create a maximum of ${MAX_SAVED} saved extensions.`); // inferred
        }
        const now = new Date().toISOString();
        const item: SavedExtension = { id: newId(), name, description, config, createdAt: now, updatedAt: now };
        await items.put(item);
        return item;
      });
    },

    async update(id: string, body: unknown): Promise<SavedExtension> {
      if (!isObject(body)) throw new ImageKitError(400, 'Your request body should be a JSON object.');
      checkKeys(body);
      const name = text(body, 'name', false);
      const description = text(body, 'description', false);
      const config = body.config === undefined ? undefined : checkConfig(body.config);
      await this.get(id);
      return items.serial(async () => {
        const item = await this.get(id);
        const updated: SavedExtension = {
          ...item,
          ...(name !== undefined && { name }),
          ...(description !== undefined && { description }),
          ...(config !== undefined && { config }),
          updatedAt: new Date().toISOString(),
        };
        await items.put(updated);
        return updated;
      });
    },

    async delete(id: string): Promise<void> {
      await this.get(id);
      await items.serial(async () => {
        if (!(await items.delete(id))) throw new ImageKitError(404, SAVED_NOT_FOUND);
      });
    },
  };
}

/**
 * `extensions` with each `{ "name": "saved-extension", "id" }` whose id names a saved extension
 * replaced by that extension's `config`, as ImageKit applies a saved extension. Unknown ids are
 * left for the extensions check to refuse.
 */
export async function expandSavedExtensions(store: FileStore, list: unknown[]): Promise<unknown[]> {
  if (!list.some((item) => isObject(item) && item.name === 'saved-extension')) return list;
  const items = store.collection<SavedExtension>(SAVED_EXTENSIONS);
  return Promise.all(
    list.map(async (item) => {
      if (!isObject(item) || item.name !== 'saved-extension' || typeof item.id !== 'string' || !ID.test(item.id)) return item;
      const saved = await items.get(item.id);
      return saved ? saved.config : item;
    }),
  );
}

/** The same for an upload's `extensions` form field (a JSON string), rewritten in place. */
export async function expandSavedExtensionsField(store: FileStore, fields: Map<string, string>): Promise<void> {
  const raw = fields.get('extensions');
  if (raw === undefined || !raw.includes('saved-extension')) return;
  let list: unknown;
  try {
    list = parseJson(raw);
  } catch {
    return; // the extensions check refuses it with its own message
  }
  if (Array.isArray(list)) fields.set('extensions', JSON.stringify(await expandSavedExtensions(store, list)));
}
