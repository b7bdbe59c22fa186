// The image editor's geometry, pure: rectangles in an image's pixels, turned by 90° steps,
// moved and resized inside their bounds, to an aspect when one is asked for.

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Size {
  w: number;
  h: number;
}

/** Clockwise quarter turns, as ImageKit's `rt`. */
export type Rotation = 0 | 90 | 180 | 270;

export type Corner = 'nw' | 'ne' | 'se' | 'sw';

export const CORNERS: readonly Corner[] = ['nw', 'ne', 'se', 'sw'];

/** The image's size once turned by `r`. */
export const turnedSize = ({ w, h }: Size, r: Rotation): Size => (r % 180 ? { w: h, h: w } : { w, h });

/**
 * A rectangle of an image of `size`, as it lies in the image turned clockwise by `r`.
 * A point (x, y) goes to (H - y, x) for a quarter turn.
 */
export function turn(rect: Rect, size: Size, r: Rotation): Rect {
  const { x, y, w, h } = rect;
  switch (r) {
    case 0:
      return { ...rect };
    case 90:
      return { x: size.h - (y + h), y: x, w: h, h: w };
    case 180:
      return { x: size.w - (x + w), y: size.h - (y + h), w, h };
    case 270:
      return { x: y, y: size.w - (x + w), w: h, h: w };
  }
}

/** The inverse of `turn`: a rectangle of the turned image (of the unturned `size`), back in the image. */
export const unturn = (rect: Rect, size: Size, r: Rotation): Rect => turn(rect, turnedSize(size, r), ((360 - r) % 360) as Rotation);

export const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** `rect` moved by (dx, dy), kept inside `bounds`. */
export function move(rect: Rect, dx: number, dy: number, bounds: Rect): Rect {
  return {
    ...rect,
    x: clamp(rect.x + dx, bounds.x, bounds.x + bounds.w - rect.w),
    y: clamp(rect.y + dy, bounds.y, bounds.y + bounds.h - rect.h),
  };
}

/**
 * `rect` with its `corner` dragged by (dx, dy), the opposite corner fixed; at least `min` on each
 * side, inside `bounds`, and at `aspect` (width / height) when one is given.
 */
export function resize(rect: Rect, corner: Corner, dx: number, dy: number, bounds: Rect, min: number, aspect?: number): Rect {
  const west = corner === 'nw' || corner === 'sw';
  const north = corner === 'nw' || corner === 'ne';
  // The fixed corner, and the room there is from it towards the dragged one.
  const fx = west ? rect.x + rect.w : rect.x;
  const fy = north ? rect.y + rect.h : rect.y;
  const roomW = west ? fx - bounds.x : bounds.x + bounds.w - fx;
  const roomH = north ? fy - bounds.y : bounds.y + bounds.h - fy;
  let w = clamp(rect.w + (west ? -dx : dx), Math.min(min, roomW), roomW);
  let h = clamp(rect.h + (north ? -dy : dy), Math.min(min, roomH), roomH);
  if (aspect) {
    // The side that moved most leads; the other follows, and both shrink if that overflows.
    const ledByWidth = Math.abs(dx) >= Math.abs(dy * aspect);
    if (ledByWidth) h = w / aspect;
    else w = h * aspect;
    const fit = Math.min(1, roomW / w, roomH / h);
    w *= fit;
    h *= fit;
  }
  return { x: west ? fx - w : fx, y: north ? fy - h : fy, w, h };
}

/** The largest rectangle at `aspect` inside `bounds`, centred on (cx, cy) as far as it can be. */
export function fitAspect(bounds: Rect, aspect: number, cx = bounds.x + bounds.w / 2, cy = bounds.y + bounds.h / 2): Rect {
  const w = Math.min(bounds.w, bounds.h * aspect);
  const h = w / aspect;
  return move({ x: cx - w / 2, y: cy - h / 2, w, h }, 0, 0, bounds);
}

/** `inner` shrunk and moved as little as needed to lie inside `outer`. */
export function inside(inner: Rect, outer: Rect): Rect {
  const w = Math.min(inner.w, outer.w);
  const h = Math.min(inner.h, outer.h);
  return move({ x: inner.x, y: inner.y, w, h }, 0, 0, outer);
}

/** Whole pixels: the edges rounded, inside the image. */
export function snap(rect: Rect, size: Size): Rect {
  const x0 = clamp(Math.round(rect.x), 0, size.w - 1);
  const y0 = clamp(Math.round(rect.y), 0, size.h - 1);
  const x1 = clamp(Math.round(rect.x + rect.w), x0 + 1, size.w);
  const y1 = clamp(Math.round(rect.y + rect.h), y0 + 1, size.h);
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/** An aspect as written in `crop-aspect`: "16/9", "16:9", "1.5"; undefined for free or anything else. */
export function parseAspect(text: string | undefined): number | undefined {
  const m = text?.trim().match(/^(\d+(?:\.\d+)?)(?:\s*[/:x]\s*(\d+(?:\.\d+)?))?$/);
  if (!m) return undefined;
  const aspect = Number(m[1]) / (m[2] === undefined ? 1 : Number(m[2]));
  return Number.isFinite(aspect) && aspect > 0 ? aspect : undefined;
}
