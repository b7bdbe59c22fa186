import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { UploadQueue } from '../../core/queue.js';
import type { ImageKitFile, UploadMode } from '../../core/types.js';
import { storedFiles } from '../stored.js';
import type { Translate } from './localize.js';

interface Host extends ReactiveControllerHost, HTMLElement {
  name?: string;
  formValue: 'url' | 'fileId' | 'filePath' | 'json';
  required: boolean;
  minFiles?: number;
  upload: UploadMode;
}

const OUT = { bubbles: true, composed: true };

/**
 * The element as a form control: its value (one entry per uploaded file), its validity, and the
 * form's reset, disable and restore. The value is worked out again only when it can have changed
 * (a file finished, files were listed, removed or moved, a property changed), not on every change
 * of state, so a long list costs nothing per upload; the form data is set only when it differs.
 */
export class FormController implements ReactiveController {
  /** Set by a disabled `<fieldset>` or the element's own `disabled`. */
  disabled = false;
  /** Files uploaded earlier, last set through `value`: what form.reset() goes back to. */
  #preset: ImageKitFile[] = [];
  /** The value last reported, to fire ik-change only on a change. */
  #reported = '[]';
  #set?: string;
  /** The value may have changed: work it out again. */
  #dirty = true;
  /** States changed: the validity (busy, too few files) may have. */
  #check = true;
  /** Entries in the value last worked out. */
  #count = 0;
  /** The validity last set, and the button it points to. */
  #validity?: string;
  #anchor?: HTMLElement;
  /** `upload="submit"`: the form whose submit listener is asked for, and is on. */
  #arming?: HTMLFormElement;
  #holding?: HTMLFormElement;

  constructor(
    private readonly host: Host,
    readonly internals: ElementInternals,
    private readonly queue: UploadQueue,
    private readonly t: Translate,
  ) {
    host.addController(this);
    queue.addEventListener('change', (e) => {
      if (e.detail.progressOnly) return;
      this.#check = true;
      this.#dirty ||= e.detail.listChanged;
      this.#soon();
    });
    queue.addEventListener('upload-success', () => (this.#dirty = true));
  }

  /**
   * The form's state follows the queue at once, not at the next render (which may wait 250 ms):
   * `await el.startUpload()` then `form.requestSubmit()` or `new FormData(form)` sees the files
   * done. The validity (counts only) is set on every change of state; the value (a scan of the
   * list) while files move only with a render, so 10,000 uploads do not cost 10,000 scans.
   */
  #soon() {
    if (this.#queued) return;
    this.#queued = true;
    queueMicrotask(() => {
      this.#queued = false;
      this.#sync(!this.#busy());
    });
  }

  #queued = false;

  /** Something the value or validity depends on changed (a property, say). */
  invalidate(): void {
    this.#dirty = true;
  }

  /** One entry per uploaded file, in list order, as `form-value` says (JSON text for `json`). */
  get value(): string[] {
    const as = this.host.formValue;
    return this.queue.items.flatMap((i) => {
      const r = i.state === 'done' && i.response;
      if (!r) return [];
      if (as === 'json') return [JSON.stringify(r)];
      const v = String(r[as] ?? r.url);
      // A URL goes in only when it is one a page can use: never `javascript:` or `data:` from a hostile answer.
      return as === 'url' && !/^https?:/i.test(v) ? [] : [v];
    });
  }

  /** Lists stored files as done, in place of every done file; fires no event, as on a native input. */
  set value(files: unknown) {
    // Vue's v-model hands back the array it read: the same value is no change.
    if (JSON.stringify(files) === JSON.stringify(this.value)) return;
    this.#preset = storedFiles(files);
    this.#fill(this.queue.items.filter((i) => i.state === 'done'));
  }

  /** Back to the files last set through `value`, as an input goes back to its default. */
  reset(): void {
    const before = this.#reported;
    this.#fill([...this.queue.items]);
    this.#reported = before; // a reset is the user's: if the value changed, ik-change, input and change fire
  }

  /** Back/forward navigation or a restored session: the files uploaded before are listed again, as done. */
  restore(state: unknown): void {
    if (typeof state !== 'string' || this.queue.items.length) return;
    try {
      this.queue.addUploaded(JSON.parse(state));
    } catch {
      // Not a state this element saved: nothing to restore.
    }
  }

  hostUpdated(): void {
    const form = this.internals.form;
    if (this.host.upload === 'submit' && form && this.#arming !== form) {
      this.#arming = form;
      void import('./submit.js').then((m) => {
        form.addEventListener('submit', m.onSubmit(), true);
        this.#holding = form;
        this.invalidate();
        this.host.requestUpdate();
      });
    }
    this.#sync(true);
  }

  /** `full`: the value too, if it may have changed; then ik-change, input and change if it did. */
  #sync(full: boolean) {
    const changed = full && this.#dirty ? this.#update() : undefined;
    if (this.#check) this.#validate();
    if (changed) {
      this.host.dispatchEvent(new CustomEvent('ik-change', { detail: { value: changed }, ...OUT }));
      this.host.dispatchEvent(new Event('input', OUT));
      this.host.dispatchEvent(new Event('change', OUT));
    }
  }

  /** Works the value out again and sets the form data if it differs; returns the value when it is not the one last reported. */
  #update(): string[] | undefined {
    this.#dirty = false;
    this.#check = true;
    const value = this.value;
    this.#count = value.length;
    const json = JSON.stringify(value);
    const { name } = this.host;
    if (name + json !== this.#set) {
      this.#set = name + json;
      const data = new FormData();
      if (name) for (const v of value) data.append(name, v);
      this.internals.setFormValue(data, JSON.stringify(this.queue.items.flatMap((i) => (i.state === 'done' ? [i.response] : []))));
    }
    if (json === this.#reported) return undefined;
    this.#reported = json;
    return value;
  }

  /** With upload="submit", waiting files count as the form's: they upload when it is submitted. */
  #later(): number {
    return this.host.upload === 'submit' ? this.queue.counts.waiting : 0;
  }

  /** Files are on their way, or wait for a submit whose listener is not on yet. */
  #busy(): boolean {
    const { counts } = this.queue;
    return counts.queued + counts.preparing + counts.authorizing + counts.uploading > 0 || (this.#later() > 0 && this.#holding !== this.internals.form);
  }

  /** Busy while files move; too few files for `required` or `min-files`. Set only when it differs: counts, not a scan of the list. */
  #validate() {
    this.#check = false;
    const busy = this.#busy();
    const min = this.host.minFiles ?? (this.host.required ? 1 : 0);
    const problem = busy ? this.t('busy') : this.#count + this.#later() < min ? this.t(min > 1 ? 'minFiles' : 'required', { n: min }) : '';
    const anchor = this.host.shadowRoot?.querySelector('button') ?? undefined;
    const validity = `${busy} ${problem}`;
    if (validity === this.#validity && anchor === this.#anchor) return;
    this.#validity = validity;
    this.#anchor = anchor;
    this.internals.setValidity(busy ? { customError: true } : { valueMissing: !!problem }, problem, anchor);
  }

  /** Replaces these entries with the preset files; the user changed nothing, so no event fires. */
  #fill(old: readonly { id: string }[]) {
    for (const x of old) this.queue.remove(x.id);
    this.queue.addUploaded(this.#preset);
    this.#reported = JSON.stringify(this.value);
    this.#dirty = true;
  }
}
