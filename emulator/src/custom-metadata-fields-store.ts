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

/** The named document, in the data folder's docs/, that keeps every field (deleted ones too). */
export const CUSTOM_METADATA_FIELDS_DOC = 'custom-metadata-fields';

/** What the field store needs from the file store: its atomic named documents. */
export interface DocStore {
  readDoc<T>(name: string, fallback: T): Promise<T>;
  writeDoc(name: string, value: unknown): Promise<void>;
}

/**
 * Custom metadata field definitions of one media library, kept in memory and saved as one
 * atomically written document after each change; changes run one at a time.
 */
export class CustomMetadataFieldStore {
  readonly #docs: DocStore;
  // The loading promise, not its result: two first callers share one read, and a save made
  // meanwhile is never overwritten by that read finishing late.
  #fields: Promise<StoredCustomMetadataField[]> | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(docs: DocStore) {
    this.#docs = docs;
  }

  #load(): Promise<StoredCustomMetadataField[]> {
    return (this.#fields ??= this.#docs.readDoc<StoredCustomMetadataField[]>(CUSTOM_METADATA_FIELDS_DOC, []).catch((err) => {
      this.#fields = undefined; // a failed read is tried again next time
      throw err;
    }));
  }

  async #save(fields: StoredCustomMetadataField[]): Promise<void> {
    await this.#docs.writeDoc(CUSTOM_METADATA_FIELDS_DOC, fields);
    this.#fields = Promise.resolve(fields);
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

const stores = new WeakMap<DocStore, CustomMetadataFieldStore>();

/**
 * The field store of one media library (one per file store, so one per running emulator):
 * what the custom metadata fields API edits and the upload and update routes validate against.
 */
export function customMetadataFieldsOf(docs: DocStore): CustomMetadataFieldStore {
  let fields = stores.get(docs);
  if (!fields) stores.set(docs, (fields = new CustomMetadataFieldStore(docs)));
  return fields;
}
