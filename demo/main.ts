// The demo page's own script: shows what a host app receives from <ik-uploader>'s events.
const uploader = document.getElementById('uploader')!;
const log = document.getElementById('log')!;
const uploaded = document.getElementById('uploaded')!;

function line(text: string, kind = '') {
  const li = document.createElement('li');
  li.textContent = text; // file names and server messages are text, never HTML
  if (kind) li.className = kind;
  log.prepend(li);
  while (log.children.length > 50) log.lastElementChild!.remove();
}

const name = (e: Event) => (e as CustomEvent<{ file?: File; url?: string }>).detail.url ?? (e as CustomEvent<{ file?: File }>).detail.file?.name ?? '';

// The sample link, in full: the link field takes absolute http(s) links only.
document.getElementById('sample-link')!.textContent = new URL('/demo/samples/lighthouse.svg', location.href).href;

uploader.addEventListener('ik-file-rejected', (e) => {
  const { message } = (e as CustomEvent<{ message: string }>).detail;
  line(`rejected ${name(e)}: ${message}`, 'bad');
});
uploader.addEventListener('ik-upload-start', (e) => line(`uploading ${name(e)}`));
uploader.addEventListener('ik-upload-error', (e) => {
  const { error } = (e as CustomEvent<{ error: { code: string; message: string } }>).detail;
  line(`failed ${name(e)} (${error.code}): ${error.message}`, 'bad');
});
uploader.addEventListener('ik-upload-success', (e) => {
  const { response } = (e as CustomEvent<{ response: Record<string, unknown> }>).detail;
  line(`uploaded ${name(e)} as ${String(response.filePath)}`, 'good');
  const li = document.createElement('li');
  if (response.fileType === 'image' && typeof response.thumbnailUrl === 'string') {
    const img = document.createElement('img');
    img.src = response.thumbnailUrl;
    img.alt = '';
    img.width = 48;
    img.height = 48;
    li.append(img);
  }
  const a = document.createElement('a');
  a.href = String(response.url);
  a.textContent = String(response.name);
  a.target = '_blank';
  a.rel = 'noopener';
  const meta = document.createElement('span');
  meta.textContent =
    response.width && response.height ? ` ${response.width}×${response.height}` : ` ${response.size} bytes`;
  li.append(a, meta);
  uploaded.prepend(li);
});
uploader.addEventListener('ik-restore', (e) => {
  const { files, notKept } = (e as CustomEvent<{ files: unknown[]; notKept: string[] }>).detail;
  line(`restored ${files.length} file(s) from the last visit${notKept.length ? `; not kept: ${notKept.join(', ')}` : ''}`);
});
uploader.addEventListener('ik-restore-error', (e) => line(`restore: ${(e as CustomEvent<{ error: { message: string } }>).detail.error.message}`, 'bad'));
uploader.addEventListener('ik-complete', (e) => {
  const { successful, failed } = (e as CustomEvent<{ successful: unknown[]; failed: unknown[] }>).detail;
  line(`queue idle: ${successful.length} uploaded, ${failed.length} failed`);
});
