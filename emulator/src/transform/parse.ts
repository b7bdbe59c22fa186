/**
 * ImageKit's transformation strings, read into the steps the emulator can apply with sharp.
 *
 * A chain is steps joined by `:` (`cm-extract,x-0,y-0,w-200,h-300:rt-90`), applied in order; a
 * step is parameters joined by `,`, each `key-value` (`ar-4-3` is key `ar`, value `4-3`). A layer
 * (`l-image,...,l-end`) is one unit. Every parameter the emulator does not apply, or whose value
 * it does not understand, is reported in `skipped` with why: it is never waved through.
 */

export type CropMode = 'maintain_ratio' | 'force' | 'at_max' | 'at_max_enlarge' | 'at_least' | 'pad_resize' | 'extract' | 'pad_extract';
export type Focus = 'center' | 'top' | 'left' | 'bottom' | 'right' | 'top_left' | 'top_right' | 'bottom_left' | 'bottom_right' | 'auto';
export type OutputFormat = 'jpeg' | 'png' | 'webp' | 'avif' | 'gif';

/** One step, as far as the emulator applies it. Dimensions between 0 and 1 are fractions of the input's. */
export interface Step {
  w?: number;
  h?: number;
  /** `ar-W-H`: width / height. */
  ar?: number;
  crop?: CropMode;
  focus?: Focus;
  x?: number;
  y?: number;
  xc?: number;
  yc?: number;
  /** Clockwise degrees (0, 90, 180, 270), or `auto` (EXIF orientation, which the emulator always applies first). */
  rt?: number | 'auto';
  quality?: number;
  /** `auto` keeps the input's format: the emulator has no browser to negotiate with. */
  format?: OutputFormat | 'auto';
  grayscale?: boolean;
  /** `bl-N`, 1 to 100. */
  blur?: number;
  /** `bg-`: `#rrggbb` or `#rrggbbaa`, for the padding of pad_resize and pad_extract. */
  background?: string;
}

export interface Skipped {
  /** The parameter (or layer) as written, e.g. `e-sharpen-10`. */
  param: string;
  reason: string;
}

export interface ParsedChain {
  steps: Step[];
  /** Every parameter as written that the steps do apply. */
  applied: string[];
  skipped: Skipped[];
}

/** The largest output side the emulator renders (ImageKit's own limit is 65 535 px; this keeps memory sane). */
export const MAX_SIDE = 10_000;

const NOT_SIMULATED = 'not simulated by ik-emulator';
const CROPS = new Set(['maintain_ratio', 'force', 'at_max', 'at_max_enlarge', 'at_least']);
const CROP_MODES = new Set(['pad_resize', 'extract', 'pad_extract']);
const FOCI = new Set(['center', 'top', 'left', 'bottom', 'right', 'top_left', 'top_right', 'bottom_left', 'bottom_right', 'auto']);
const FORMATS: Record<string, OutputFormat | 'auto'> = { auto: 'auto', jpg: 'jpeg', jpeg: 'jpeg', png: 'png', webp: 'webp', avif: 'avif', gif: 'gif' };
const COLOURS: Record<string, string> = {
  white: '#ffffff', black: '#000000', red: '#ff0000', green: '#008000', blue: '#0000ff', yellow: '#ffff00',
  gray: '#808080', grey: '#808080', orange: '#ffa500', purple: '#800080', transparent: '#00000000',
};

/** `w-300` → 300, `w-0.4` → 0.4 (40 %); undefined for anything else (`w-auto`, expressions). */
function dimension(value: string): number | undefined {
  if (/^[1-9]\d{0,5}$/.test(value)) {
    const n = Number(value);
    return n <= MAX_SIDE ? n : undefined;
  }
  if (/^0?\.\d{1,6}$/.test(value)) {
    const n = Number(value);
    return n > 0 && n < 1 ? n : undefined;
  }
  return undefined;
}

function coordinate(value: string): number | undefined {
  return /^\d{1,6}$/.test(value) ? Number(value) : undefined;
}

/** Splits a chain into steps and each step into its parameters, keeping layers (`l-...`, `l-end`) whole. */
export function splitChain(chain: string): string[][] {
  return chain.split(':').map((step) => {
    const params: string[] = [];
    let layer: string[] | undefined;
    for (const param of step.split(',')) {
      if (param === '') continue;
      if (layer) {
        layer.push(param);
        if (param === 'l-end') {
          params.push(layer.join(','));
          layer = undefined;
        }
      } else if (param.startsWith('l-') && param !== 'l-end') {
        layer = [param];
      } else {
        params.push(param);
      }
    }
    if (layer) params.push(layer.join(','));
    return params;
  });
}

/**
 * Reads a transformation chain. Parameters the emulator applies go into `steps`; every other one
 * is listed in `skipped` with the reason, and the rest of its step still applies.
 */
export function parseChain(chain: string): ParsedChain {
  const applied: string[] = [];
  const skipped: Skipped[] = [];
  const steps: Step[] = [];
  for (const params of splitChain(chain)) {
    const step: Step = {};
    for (const raw of params) {
      const why = readParam(step, raw);
      if (why) skipped.push({ param: raw, reason: why });
      else applied.push(raw);
    }
    // ar needs one side to scale from; with both it is ignored, as ImageKit documents.
    if (step.ar !== undefined && step.w === undefined && step.h === undefined) {
      const raw = params.find((p) => p.startsWith('ar-'))!;
      applied.splice(applied.indexOf(raw), 1);
      skipped.push({ param: raw, reason: 'ar needs w or h in the same step' });
      delete step.ar;
    }
    steps.push(step);
  }
  return { steps, applied, skipped };
}

/** Applies one parameter to `step`; returns why it is not applied, or undefined when it is. */
function readParam(step: Step, raw: string): string | undefined {
  if (raw.startsWith('l-')) return `layers are ${NOT_SIMULATED}`;
  const dash = raw.indexOf('-');
  const key = dash === -1 ? raw : raw.slice(0, dash);
  const value = dash === -1 ? '' : raw.slice(dash + 1);
  const bad = (what: string) => `ik-emulator applies ${key} only as ${what}`;
  switch (key) {
    case 'w':
    case 'h': {
      const n = dimension(value);
      if (n === undefined) return bad(`whole pixels up to ${MAX_SIDE} or a fraction between 0 and 1`);
      step[key] = n;
      return undefined;
    }
    case 'ar': {
      const m = /^(\d{1,4}(?:\.\d{1,4})?)-(\d{1,4}(?:\.\d{1,4})?)$/.exec(value);
      if (!m || Number(m[1]) <= 0 || Number(m[2]) <= 0) return bad('ar-W-H with positive numbers');
      step.ar = Number(m[1]) / Number(m[2]);
      return undefined;
    }
    case 'c':
      if (!CROPS.has(value)) return bad('maintain_ratio, force, at_max, at_max_enlarge or at_least');
      step.crop = value as CropMode;
      return undefined;
    case 'cm':
      if (!CROP_MODES.has(value)) return bad('pad_resize, extract or pad_extract');
      step.crop = value as CropMode;
      return undefined;
    case 'fo':
      if (!FOCI.has(value)) return bad('center, a side (top, left, ...), a corner (top_left, ...) or auto');
      step.focus = value as Focus;
      return undefined;
    case 'x':
    case 'y':
    case 'xc':
    case 'yc': {
      const n = coordinate(value);
      if (n === undefined) return bad('non-negative whole pixels');
      step[key] = n;
      return undefined;
    }
    case 'rt': {
      const m = /^(N?)(0|90|180|270|360|auto)$/.exec(value);
      if (!m || (m[1] && m[2] === 'auto')) return bad('0, 90, 180, 270, 360, N90, N180, N270 or auto');
      if (m[2] === 'auto') step.rt = 'auto';
      else step.rt = (((m[1] ? -1 : 1) * Number(m[2])) % 360 + 360) % 360;
      return undefined;
    }
    case 'q': {
      if (!/^\d{1,3}$/.test(value) || Number(value) < 1 || Number(value) > 100) return bad('1 to 100');
      step.quality = Number(value);
      return undefined;
    }
    case 'f': {
      const format = FORMATS[value];
      if (!format) return bad('auto, jpg, png, webp, avif or gif');
      step.format = format;
      return undefined;
    }
    case 'e':
      if (value !== 'grayscale') return `${NOT_SIMULATED} (of the e- effects it applies e-grayscale only)`;
      step.grayscale = true;
      return undefined;
    case 'bl': {
      if (!/^\d{1,3}$/.test(value) || Number(value) < 1 || Number(value) > 100) return bad('1 to 100');
      step.blur = Number(value);
      return undefined;
    }
    case 'bg': {
      const colour = /^[0-9a-f]{6}([0-9a-f]{2})?$/i.test(value) ? `#${value.toLowerCase()}` : COLOURS[value.toLowerCase()];
      if (!colour) return bad('RRGGBB, RRGGBBAA or a basic colour name');
      step.background = colour;
      return undefined;
    }
    default:
      return NOT_SIMULATED;
  }
}
