// The CMS form's glue. Once <ik-uploader> is form-associated (it has `name`), the form carries its
// values, refuses to submit mid-upload or while a `required` one is empty, and this script steps
// aside. Until then it does all that here: one hidden input per uploaded file (its URL, as the
// element will), kept in step with the list, and a submit guard.
import type { IkUploader } from '../../src/element/ik-uploader.js';
import type { ImageKitFile } from '../../src/core/types.js';

const form = document.querySelector<HTMLFormElement>('form.article')!;
const error = document.getElementById('form-error')!;

await customElements.whenDefined('ik-uploader');

// Editing an article saved earlier (?edit): its text and images come from the server, and the image
// fields are pre-filled through `value` with the ImageKit files it stored.
if (new URLSearchParams(location.search).has('edit')) {
  const res = await fetch('/api/demo/articles/existing');
  if (!res.ok) throw new Error(`Could not load the article: ${await res.text()}`);
  const article = (await res.json()) as { title: string; body: string; cover: ImageKitFile[]; gallery: ImageKitFile[] };
  document.querySelector('h1')!.textContent = 'Edit article';
  document.querySelector<HTMLInputElement>('#title')!.value = article.title;
  document.querySelector<HTMLTextAreaElement>('#body')!.value = article.body;
  for (const name of ['cover', 'gallery'] as const) {
    form.querySelector<IkUploader>(`ik-uploader[name=${name}]`)!.value = article[name];
  }
}
const Element = customElements.get('ik-uploader') as unknown as { formAssociated?: boolean };

if (!Element.formAssociated) {
  const uploaders = [...form.querySelectorAll<IkUploader>('ik-uploader[name]')];
  const active = (el: IkUploader) => el.items.some((i) => i.state === 'queued' || i.state === 'authorising' || i.state === 'uploading');

  const sync = (el: IkUploader) => {
    const name = el.getAttribute('name')!;
    form.querySelectorAll(`input[type=hidden][data-from="${el.id}"]`).forEach((input) => input.remove());
    const inputs = el.items.flatMap((item) => {
      if (item.state !== 'done' || !item.response) return [];
      const input = document.createElement('input');
      input.type = 'hidden';
      input.name = name;
      input.value = item.response.url;
      input.dataset.from = el.id;
      return [input];
    });
    el.after(...inputs);
  };

  for (const el of uploaders) {
    el.addEventListener('ik-upload-success', () => sync(el));
    // A file's Remove button fires no event of its own yet; the click reaches us after it has acted.
    el.addEventListener('click', () => queueMicrotask(() => sync(el)));
    el.addEventListener('ik-complete', () => {
      if (!uploaders.some(active)) error.textContent = '';
    });
  }

  const label = (el: IkUploader) => el.closest('fieldset')?.querySelector('legend')?.textContent ?? el.getAttribute('name');
  form.addEventListener('submit', (event) => {
    const busy = uploaders.filter(active);
    const empty = uploaders.filter((el) => el.hasAttribute('required') && !el.items.some((i) => i.state === 'done'));
    if (!busy.length && !empty.length) return;
    event.preventDefault();
    error.textContent = busy.length
      ? `Wait for the uploads to finish before saving (${busy.map(label).join(', ')}).`
      : `Add a file to ${empty.map(label).join(', ')} before saving.`;
  });
}
