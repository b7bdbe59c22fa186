import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  createField,
  FIELD_NOT_FOUND,
  INVALID_FIELD_ID,
  isFieldId,
  publicField,
  updateField,
  type CustomMetadataField,
  type CustomMetadataResult,
  type StoredCustomMetadataField,
} from './custom-metadata.js';

/** The file, inside the data folder, that keeps every field definition (deleted ones too). */
export const CUSTOM_METADATA_FIELDS_FILE = 'custom-metadata-fields.json';

/**
 * Custom metadata field definitions of one data folder, kept in memory and written to disk
 * atomically (temp file + rename) after each change; changes run one at a time.
 */
export class CustomMetadataFieldStore {
  readonly #file: string;
  #fields: StoredCustomMetadataField[] | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string) {
    this.#file = join(dataDir, CUSTOM_METADATA_FIELDS_FILE);
  }

  async #load(): Promise<StoredCustomMetadataField[]> {
    if (this.#fields) return this.#fields;
    try {
      const parsed: unknown = JSON.parse(await readFile(this.#file, 'utf8'));
      this.#fields = Array.isArray(parsed) ? (parsed as StoredCustomMetadataField[]) : [];
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      this.#fields = [];
    }
    return this.#fields;
  }

  async #save(fields: StoredCustomMetadataField[]): Promise<void> {
    await mkdir(join(this.#file, '..'), { recursive: true });
    const tmp = `${this.#file}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(tmp, JSON.stringify(fields, null, 2));
    await rename(tmp, this.#file);
    this.#fields = fields;
  }

  /** Runs one change after the previous one, so two requests never overwrite each other's write. */
  #serial<T>(change: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(change, change);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Live fields: what uploads and updates validate `customMetadata` against. */
  async activeFields(): Promise<CustomMetadataField[]> {
    return (await this.#load()).filter((f) => !f.deleted).map(publicField);
  }

  async list(includeDeleted = false): Promise<CustomMetadataField[]> {
    const fields = await this.#load();
    return includeDeleted ? fields.map((f) => ({ ...f })) : fields.filter((f) => !f.deleted).map(publicField);
  }

  create(body: unknown): Promise<CustomMetadataResult<CustomMetadataField>> {
    return this.#serial(async () => {
      const fields = await this.#load();
      const made = createField(fields, body);
      if (made.ok) await this.#save([...fields, made.value]);
      return made;
    });
  }

  update(id: string, body: unknown): Promise<CustomMetadataResult<CustomMetadataField>> {
    return this.#serial(async () => {
      const fields = await this.#load();
      const found = this.#find(fields, id);
      if (!found.ok) return found;
      const updated = updateField(fields, found.value, body);
      if (updated.ok) await this.#save(fields.map((f) => (f.id === id ? updated.value : f)));
      return updated;
    });
  }

  delete(id: string): Promise<CustomMetadataResult<null>> {
    return this.#serial(async () => {
      const fields = await this.#load();
      const found = this.#find(fields, id);
      if (!found.ok) return found;
      if (found.value.deleted) return { ok: false, status: 404, message: FIELD_NOT_FOUND };
      await this.#save(fields.map((f) => (f.id === id ? { ...f, deleted: true } : f)));
      return { ok: true, value: null };
    });
  }

  #find(fields: StoredCustomMetadataField[], id: string): CustomMetadataResult<StoredCustomMetadataField> {
    if (!isFieldId(id)) return { ok: false, status: 400, message: INVALID_FIELD_ID };
    const field = fields.find((f) => f.id === id);
    return field ? { ok: true, value: field } : { ok: false, status: 404, message: FIELD_NOT_FOUND };
  }
}
