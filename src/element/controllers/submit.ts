// `upload="submit"`: the form's submit waits for its files. Loaded on demand, by the first element in
// that mode; it imports nothing at run time, and reads every element through its public API.

import type { UploadItem } from '../../core/queue.js';

interface Uploader extends HTMLElement {
  upload: string;
  items: readonly UploadItem[];
  startUpload(): Promise<unknown>;
  retry(id: string): boolean;
  updateComplete: Promise<unknown>;
}

/** Forms whose submit is held while their files upload. */
const held = new WeakSet<HTMLFormElement>();
let handler: ((event: Event) => void) | undefined;

/**
 * The one submit listener (the same function for every element, so a form gets it once, in the
 * capture phase, before the page's own listeners). A submit with files waiting (or failed, to try
 * again) in `upload="submit"` elements is held: nothing else hears of it, the files upload, and once
 * all are done the form is submitted again, by the same button, with their values. A second submit
 * meanwhile is held too (the browser also refuses it: the elements are busy). On a failure the form
 * stays unsent and focus goes to the failed row. A failed file is tried again only where its row
 * offers Retry (a file the account refuses as too large is not).
 */
export function onSubmit(): (event: Event) => void {
  return (handler ??= (event) => {
    const form = event.target as HTMLFormElement;
    const mine = [...form.elements].filter((e): e is Uploader => e.localName === 'ik-uploader' && (e as Uploader).upload === 'submit');
    const retryable = (u: Uploader, i: UploadItem) => i.state === 'failed' && !!u.shadowRoot!.querySelector(`[data-id="${i.id}"] [data-action="retry"]`);
    const todo = mine.filter((u) => u.items.some((i) => i.state === 'waiting' || retryable(u, i)));
    if (!held.has(form) && !todo.length) return; // nothing to upload: the form submits as usual
    event.preventDefault();
    event.stopImmediatePropagation();
    if (held.has(form)) return;
    held.add(form);
    const { submitter } = event as SubmitEvent;
    for (const u of todo) for (const i of u.items) if (retryable(u, i)) u.retry(i.id);
    void Promise.all(todo.map((u) => u.startUpload())).then(async () => {
      held.delete(form);
      const failed = mine.find((u) => u.items.some((i) => i.state === 'failed'));
      if (!failed) return form.requestSubmit(submitter?.isConnected && (submitter as HTMLButtonElement).form === form ? submitter : null);
      await failed.updateComplete;
      failed.shadowRoot!.querySelector<HTMLElement>('[data-state="failed"] button')?.focus();
    });
  });
}
