// What the image editor records, as ImageKit parameters and back: the crop and rotation as the first
// steps of `transformation.pre` (`cm-extract,x-…,y-…,w-…,h-…:rt-90`, in the picked image's pixels,
// EXIF orientation applied), the area of interest as `customCoordinates` (in the stored image).
import type { FileParams } from '../../core/stages.js';
import type { ResizeOptions } from '../../core/resize/types.js';
import type { UploadParams, UploadTransformation } from '../../core/types.js';
import { snap, turn, turnedSize, unturn, type Rect, type Rotation, type Size } from './geometry.js';

export interface Edit {
  /** In the picked image's pixels (upright); the whole image when nothing is cropped. */
  crop: Rect;
  rotation: Rotation;
  /** The area of interest, in the picked image's pixels, inside `crop`. */
  focus?: Rect;
}

/** The parameters an edit sets on a file; each key is present, so saving an edit undoes an earlier one. */
export type EditParams = Required<Pick<FileParams, 'transformation' | 'customCoordinates' | 'resize'>> | Record<'transformation' | 'customCoordinates' | 'resize', undefined>;

const EXTRACT = /^cm-extract,x-(\d+),y-(\d+),w-(\d+),h-(\d+)$/;
const ROTATE = /^rt-(90|180|270)$/;

export const whole = (size: Size): Rect => ({ x: 0, y: 0, w: size.w, h: size.h });

const isWhole = (r: Rect, size: Size) => r.x === 0 && r.y === 0 && r.w === size.w && r.h === size.h;

const plain = (t: unknown): t is UploadTransformation => !!t && Object.getPrototypeOf(t) === Object.prototype;

/** The editor's own steps: those it writes, at the start of `pre`. */
function ownSteps(pre: string | undefined): { extract?: RegExpExecArray; rotate?: RegExpExecArray; rest: string[] } {
  const steps = pre ? pre.split(':') : [];
  const extract = EXTRACT.exec(steps[0] ?? '') ?? undefined;
  if (extract) steps.shift();
  const rotate = ROTATE.exec(steps[0] ?? '') ?? undefined;
  if (rotate) steps.shift();
  return { extract, rotate, rest: steps };
}

/**
 * The parameters for an edit of an image of `size` (picked, upright): its steps go before the
 * element's own `pre`, and its `post` is kept. With a resize box, the whole image is sent at the
 * size at which the stored part fits the box (the box is about what is stored), never larger.
 */
export function editParams(edit: Edit, size: Size, base: UploadParams, box: ResizeOptions): EditParams {
  const crop = snap(edit.crop, size);
  const steps: string[] = [];
  if (!isWhole(crop, size)) steps.push(`cm-extract,x-${crop.x},y-${crop.y},w-${crop.w},h-${crop.h}`);
  if (edit.rotation) steps.push(`rt-${edit.rotation}`);
  let customCoordinates: string | undefined;
  if (edit.focus) {
    const f = snap({ ...edit.focus, x: edit.focus.x - crop.x, y: edit.focus.y - crop.y }, { w: crop.w, h: crop.h });
    const r = turn(f, crop, edit.rotation);
    customCoordinates = `${r.x},${r.y},${r.w},${r.h}`;
  }
  if (!steps.length && !customCoordinates) return { transformation: undefined, customCoordinates: undefined, resize: undefined };
  const t = plain(base.transformation) ? base.transformation : undefined;
  const transformation = steps.length ? { ...t, pre: [...steps, ...(t?.pre ? [t.pre] : [])].join(':') } : undefined;
  let resize: ResizeOptions | undefined;
  if (steps.length && (box.width || box.height)) {
    const stored = turnedSize(crop, edit.rotation);
    const s = Math.min(1, box.width ? box.width / stored.w : 1, box.height ? box.height / stored.h : 1);
    resize = { ...box, width: s < 1 ? Math.max(1, Math.floor(size.w * s)) : undefined, height: s < 1 ? Math.max(1, Math.floor(size.h * s)) : undefined };
  }
  return { transformation, customCoordinates, resize } as EditParams;
}

/** The edit a file's own parameters hold (what `editParams` wrote), for an image of `size`. */
export function editOf(own: FileParams, size: Size): Edit {
  const { extract, rotate } = ownSteps(own.transformation?.pre);
  const n = extract ? extract.slice(1, 5).map(Number) : [];
  const crop = extract && n[0]! + n[2]! <= size.w && n[1]! + n[3]! <= size.h ? { x: n[0]!, y: n[1]!, w: n[2]!, h: n[3]! } : whole(size);
  const rotation = (rotate ? Number(rotate[1]) : 0) as Rotation;
  const c = /^(\d+),(\d+),(\d+),(\d+)$/.exec(own.customCoordinates ?? '');
  let focus: Rect | undefined;
  if (c) {
    const [x, y, w, h] = c.slice(1).map(Number) as [number, number, number, number];
    const local = unturn({ x, y, w, h }, crop, rotation);
    focus = { ...local, x: local.x + crop.x, y: local.y + crop.y };
  }
  return { crop, rotation, focus };
}

/** Whether a file's own parameters hold an edit of its image. */
export function hasEdit(own: FileParams | undefined): boolean {
  const { extract, rotate } = ownSteps(own?.transformation?.pre);
  return !!(extract || rotate || own?.customCoordinates);
}
