// The CMS form's glue. <ik-uploader> is form-associated (it has `name`): the form carries its
// values and refuses to submit while a `required` one is empty. With upload="submit" the picked
// images wait until Save: then they upload, and the form is posted once all are done (on a
// failure it stays on screen, focus on the failed row). So all this script does is open a saved
// article for editing.
import type { IkUploader } from '../../src/element/ik-uploader.js';
import type { ImageKitFile } from '../../src/core/types.js';

const form = document.querySelector<HTMLFormElement>('form.article')!;

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
