// Loaded on demand, the first time a row's menu opens, a row is dragged or a file is edited: the
// menu, the order of the rows, and the way to the dialogs. It imports nothing the CDN file holds
// (so nothing is split out of it): Lit and the element's parts come through the EditController (as an EditContext).
import type { UploadItem } from '../core/queue.js';
import type { FileParams } from '../core/stages.js';
import type { EditContext, EditView } from './edit-context.js';
import { editStrings } from './edit-strings.js';
import { parseAspect } from './editor/geometry.js';
import { loadPreview } from './editor/preview.js';

/** Images a canvas can show and ImageKit can crop: not SVG, which has no pixels to pick. */
const editableImage = (file: File) => /^image\/(?!svg)/i.test(file.type);

const name = (item: UploadItem) => item.own?.fileName ?? item.file.name;

const CSS = `
  .menu {
    position-area: block-end span-inline-start;
    position-try-fallbacks: flip-block;
    inset: auto;
    margin: 0.25rem 0;
    min-width: 11rem;
    padding: 0.25rem;
    border: 1px solid var(--ik-border);
    border-radius: 8px;
    background: var(--ik-bg);
    color: var(--ik-fg);
    box-shadow: 0 8px 24px rgb(0 0 0 / 0.2);
  }
  .menu button {
    display: block;
    width: 100%;
    padding: 0.5rem 0.75rem;
    border-radius: 6px;
    text-align: start;
  }
  .menu button:hover,
  .menu button:focus-visible {
    background: var(--ik-surface);
  }
  .menu button:focus-visible {
    outline-offset: -3px;
  }
  .menu button:disabled {
    opacity: 0.5;
    cursor: default;
  }
  li[draggable] {
    cursor: grab;
  }
  li[data-drop='before'] {
    box-shadow: inset 0 3px var(--ik-accent);
  }
  li[data-drop='after'] {
    box-shadow: inset 0 -3px var(--ik-accent);
  }
  li[data-dragging] {
    opacity: 0.5;
  }
`;

const done = new WeakSet<EditContext>();

/** Once per element: the English words join its own, and the menu's and rows' looks its styles. */
function setUp(c: EditContext) {
  if (done.has(c)) return;
  done.add(c);
  c.words(editStrings);
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  const root = c.host.shadowRoot!;
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}

const order = (c: EditContext) => c.queue.items.filter(c.movable);

/**
 * A row's menu, a popover by its button: edit the file's details or image while it waits, and
 * move it up or down. Arrow keys go from item to item; Escape, a click outside or Tab closes it,
 * and focus goes back to the button.
 */
export async function menu(c: EditContext, id: string, button: HTMLElement): Promise<void> {
  setUp(c);
  const item = c.queue.get(id);
  if (!item) return;
  const { t } = c;
  const all = order(c);
  const at = all.indexOf(item);
  const menu = document.createElement('div');
  menu.popover = 'auto';
  menu.className = 'menu';
  menu.setAttribute('part', 'menu');
  menu.setAttribute('role', 'menu');
  menu.setAttribute('aria-label', name(item));
  const add = (label: string, act: () => void, disabled = false) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.setAttribute('role', 'menuitem');
    b.textContent = label;
    b.disabled = disabled;
    b.addEventListener('click', () => (menu.hidePopover(), act()));
    menu.append(b);
  };
  if (c.editable(item)) {
    add(t('editDetails'), () => void c.open(id, 'details').catch(() => undefined));
    if (editableImage(item.file)) add(t('editImage'), () => void c.open(id, 'image').catch(() => undefined));
  }
  if (at >= 0 && all.length > 1) {
    add(t('moveUp'), () => by(c, id, -1), at === 0);
    add(t('moveDown'), () => by(c, id, 1), at === all.length - 1);
  }
  menu.addEventListener('keydown', (e) => {
    const step = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : 0;
    if (e.key === 'Tab') return menu.hidePopover();
    if (!step) return;
    e.preventDefault();
    const items = [...menu.querySelectorAll<HTMLButtonElement>('button:enabled')];
    items[(items.indexOf(e.target as HTMLButtonElement) + step + items.length) % items.length]?.focus();
  });
  menu.addEventListener('toggle', (e) => {
    if ((e as ToggleEvent).newState === 'open') return;
    button.setAttribute('aria-expanded', 'false');
    if (c.node === menu) void c.mount();
  });
  await c.mount(menu);
  if (c.node !== menu) return; // another menu or a dialog took its place meanwhile
  (menu.showPopover as (options?: { source?: HTMLElement }) => void)({ source: button });
  button.setAttribute('aria-expanded', 'true');
  menu.querySelector<HTMLElement>('button:enabled')?.focus();
}

/** One place up (-1) or down (1) among the files that can move; focus stays with the file's menu button. */
function by(c: EditContext, id: string, step: -1 | 1) {
  const all = order(c);
  const next = all[all.findIndex((i) => i.id === id) + step];
  if (!next) return;
  put(c, id, next, step > 0);
  void c.host.updateComplete.then(() => c.host.shadowRoot!.querySelector<HTMLElement>(`[data-id="${id}"] .menu-button`)?.focus());
}

/** Moves file `id` before or after `target`, and says where it is now. */
function put(c: EditContext, id: string, target: UploadItem, after: boolean) {
  const items = c.queue.items;
  const from = items.findIndex((i) => i.id === id);
  let to = items.indexOf(target) + (after ? 1 : 0);
  if (from < to) to--;
  if (!c.queue.move(id, to)) return;
  const all = order(c);
  const at = all.findIndex((i) => i.id === id);
  c.say(c.t('moved', { name: name(all[at]!), n: at + 1, total: all.length }));
}

/** A row dragged over another shows where it would go (before or after it), and goes there on drop. */
export function drag(c: EditContext, e: DragEvent, row: HTMLElement | null | undefined, id: string): void {
  setUp(c);
  const rows = c.host.shadowRoot!.querySelectorAll<HTMLElement>('li[data-drop], li[data-dragging]');
  const clear = (all = false) => rows.forEach((r) => (delete r.dataset.drop, all && delete r.dataset.dragging));
  const after = !!row && e.clientY > row.getBoundingClientRect().top + row.offsetHeight / 2;
  switch (e.type) {
    case 'dragstart':
      if (row) row.dataset.dragging = '';
      return;
    case 'dragover':
      if (row?.dataset.drop === (after ? 'after' : 'before')) return;
      clear();
      if (row) row.dataset.drop = after ? 'after' : 'before';
      return;
    case 'dragleave':
      if (row && !row.contains(e.relatedTarget as Node | null)) delete row.dataset.drop;
      return;
    case 'drop': {
      clear();
      const target = row && c.queue.get(row.dataset.id!);
      if (target && id && id !== target.id) put(c, id, target, after);
      return;
    }
    case 'dragend':
      clear(true);
  }
}

/**
 * Opens the dialog for one file and waits for the person: on Save the file's own parameters are
 * set (unless it has started meanwhile: then they are told so) and returned, so a `beforeUpload`
 * hook can answer with them. Focus goes back to where it was, or to the row's menu button.
 */
export async function edit(c: EditContext, target: File | string, view: EditView, opener: HTMLElement | null): Promise<FileParams | undefined> {
  setUp(c);
  const { host, queue, t, lit } = c;
  const item = typeof target === 'string' ? queue.get(target) : queue.items.find((i) => i.file === target);
  if (!item) {
    throw new Error(`<ik-uploader> editFile: ${typeof target === 'string' ? `no file has the id "${target}"` : `"${target.name}" is not in the list`}.`);
  }
  const { file } = item;
  const image = editableImage(file);
  if (view === 'image' && !image) throw new Error(`<ik-uploader> editFile: "${file.name}" (${file.type || 'no type'}) is not an image that can be edited.`);
  const preview = image ? loadPreview(file) : undefined;
  preview?.catch(() => undefined); // each dialog says so itself
  const request = { file, t, lit, own: { ...item.own }, base: host.uploadParams, box: host.resizeOptions, aspect: parseAspect(host.cropAspect), preview };
  let dialog;
  if (view === 'image') {
    dialog = new ((await import('./editor/index.js')).defineEditor(lit))();
    dialog.request = { ...request, preview: preview! };
  } else {
    dialog = new ((await import('./details-dialog.js')).defineDetails(lit))();
    dialog.request = request;
  }
  await c.mount(dialog);
  const saved = await dialog.result;
  const params = saved && { ...item.own, ...saved };
  // A file that has started takes no more; one in its beforeUpload hook gets them from the hook.
  if (params && !queue.setParams(item.id, params) && item.params) c.say(t('tooLate', { name: file.name }));
  await c.mount();
  void preview?.then((p) => p.bitmap.close(), () => undefined);
  const back = opener?.isConnected ? opener : opener && host.shadowRoot!.querySelector<HTMLElement>(`[data-id="${item.id}"] .menu-button`);
  back?.focus();
  return params;
}
