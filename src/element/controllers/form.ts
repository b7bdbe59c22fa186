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
 * form's reset, disable and restore. The form data is set only when the value changes.
 */
export class FormController implements ReactiveController {
  /** Set by a disabled `<fieldset>` or the element's own `disabled`. */
  disabled = false;
  /** Files uploaded earlier, last set through `value`: what form.reset() goes back to. */
  #preset: ImageKitFile[] = [];
  /** The value last reported, to fire ik-change only on a change. */
  #reported = '[]';
  #set?: string;
  #dirty = true;
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
    queue.addEventListener('change', (e) => (this.#dirty ||= !e.detail.progressOnly));
  }

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
    if (!this.#dirty) return;
    this.#dirty = false;
    const value = this.value;
    const json = JSON.stringify(value);
    const { name } = this.host;
    if (name + json !== this.#set) {
      this.#set = name + json;
      const data = new FormData();
      if (name) for (const v of value) data.append(name, v);
      this.internals.setFormValue(data, JSON.stringify(this.queue.items.flatMap((i) => (i.state === 'done' ? [i.response] : []))));
    }
    const { counts } = this.queue;
    // With upload="submit", waiting files count: they upload when the form is submitted (not before its listener is on).
    const later = this.host.upload === 'submit' ? counts.waiting : 0;
    const busy = counts.queued + counts.preparing + counts.authorizing + counts.uploading > 0 || (later > 0 && this.#holding !== this.internals.form);
    const min = this.host.minFiles ?? (this.host.required ? 1 : 0);
    const problem = busy ? this.t('busy') : value.length + later < min ? this.t(min > 1 ? 'minFiles' : 'required', { n: min }) : '';
    const anchor = this.host.shadowRoot?.querySelector('button') ?? undefined;
    this.internals.setValidity(busy ? { customError: true } : { valueMissing: !!problem }, problem, anchor);
    if (json !== this.#reported) {
      this.#reported = json;
      this.host.dispatchEvent(new CustomEvent('ik-change', { detail: { value }, ...OUT }));
      this.host.dispatchEvent(new Event('input', OUT));
      this.host.dispatchEvent(new Event('change', OUT));
    }
  }

  /** Replaces these entries with the preset files; the user changed nothing, so no event fires. */
  #fill(old: readonly { id: string }[]) {
    for (const x of old) this.queue.remove(x.id);
    this.queue.addUploaded(this.#preset);
    this.#reported = JSON.stringify(this.value);
    this.#dirty = true;
  }
}
