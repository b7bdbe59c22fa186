import sharp from 'sharp';
import type { ExtensionName, ExtensionRequest } from './extensions.js';
import { MAX_PIXELS } from './transform/apply.js';
import type { AITag, FileMetadata, MediaInfo } from './store.js';

/**
 * The extensions, simulated offline and deterministically (the same bytes give the same
 * answer): no AI looks at the image, only its pixels are measured.
 * - `google-auto-tagging` / `aws-auto-tagging`: tags for the colours that cover at least 5 % of
 *   the image (confidence = the share covered, in %), its orientation (`Landscape`, `Portrait`
 *   or `Square`, 99), `Transparent` (the share of see-through pixels) and `Monochrome` (95)
 *   when it has no colour; then `minConfidence` and `maxTags` apply, highest confidence first.
 * - `ai-auto-description`: a sentence from the same measurements, e.g. "A landscape image,
 *   400 × 300 pixels, mostly blue and red.", written to `description`.
 * - `remove-bg` and `ai-tasks`: not simulated; they fail, and say so.
 */

export type ExtensionStatus = 'success' | 'failed' | 'pending';

export interface ExtensionResult {
  name: ExtensionName;
  status: 'success' | 'failed';
  AITags?: AITag[];
  description?: string;
  /** Why it failed. */
  reason?: string;
}

interface Analysis {
  width: number;
  height: number;
  /** Colour name → share of the opaque pixels, largest first. */
  colours: Array<[string, number]>;
  transparent: number;
}

const SAMPLE = 64;

/** Names a pixel's colour: black, white and gray by lightness and saturation, else by hue. */
function colourName(r: number, g: number, b: number): string {
  const max = Math.max(r, g, b) / 255;
  const min = Math.min(r, g, b) / 255;
  const saturation = max === 0 ? 0 : (max - min) / max;
  if (max < 0.2) return 'Black';
  if (saturation < 0.15) return max > 0.85 ? 'White' : 'Gray';
  let hue: number;
  const d = max - min;
  const [R, G, B] = [r / 255, g / 255, b / 255];
  if (max === R) hue = ((G - B) / d) % 6;
  else if (max === G) hue = (B - R) / d + 2;
  else hue = (R - G) / d + 4;
  hue = (hue * 60 + 360) % 360;
  if (hue < 15 || hue >= 345) return 'Red';
  if (hue < 45) return max < 0.6 ? 'Brown' : 'Orange';
  if (hue < 70) return 'Yellow';
  if (hue < 160) return 'Green';
  if (hue < 200) return 'Cyan';
  if (hue < 260) return 'Blue';
  if (hue < 300) return 'Purple';
  return 'Pink';
}

async function analyse(path: string, media: MediaInfo): Promise<Analysis> {
  const { data, info } = await sharp(path, { limitInputPixels: MAX_PIXELS, animated: false })
    .autoOrient()
    .resize(SAMPLE, SAMPLE, { fit: 'fill', kernel: 'nearest' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const counts = new Map<string, number>();
  let opaque = 0;
  let clear = 0;
  for (let i = 0; i < data.length; i += info.channels) {
    if (data[i + 3]! < 128) {
      clear++;
      continue;
    }
    opaque++;
    const name = colourName(data[i]!, data[i + 1]!, data[i + 2]!);
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const colours = [...counts]
    .map(([name, n]): [string, number] => [name, n / Math.max(opaque, 1)])
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return { width: media.width ?? 0, height: media.height ?? 0, colours, transparent: clear / (opaque + clear) };
}

const round = (n: number) => Math.round(n * 10000) / 100;

function orientation({ width, height }: Analysis): 'Landscape' | 'Portrait' | 'Square' {
  if (Math.abs(width - height) <= Math.max(width, height) * 0.05) return 'Square';
  return width > height ? 'Landscape' : 'Portrait';
}

function autoTags(analysis: Analysis, request: ExtensionRequest): AITag[] {
  const source = request.name;
  const tags: AITag[] = analysis.colours.filter(([, share]) => share >= 0.05).map(([name, share]) => ({ name, confidence: round(share), source }));
  if (analysis.width && analysis.height) tags.push({ name: orientation(analysis), confidence: 99, source });
  if (analysis.transparent >= 0.05) tags.push({ name: 'Transparent', confidence: round(analysis.transparent), source });
  if (analysis.colours.length > 0 && analysis.colours.every(([name]) => name === 'Black' || name === 'White' || name === 'Gray')) {
    tags.push({ name: 'Monochrome', confidence: 95, source });
  }
  return tags
    .filter((t) => t.confidence >= (request.minConfidence ?? 0))
    .sort((a, b) => b.confidence - a.confidence || a.name.localeCompare(b.name))
    .slice(0, request.maxTags ?? tags.length);
}

function describe(analysis: Analysis): string {
  const shape = orientation(analysis).toLowerCase();
  const size = analysis.width && analysis.height ? `, ${analysis.width} × ${analysis.height} pixels` : '';
  const main = analysis.colours.filter(([, share]) => share >= 0.2).slice(0, 2).map(([name]) => name.toLowerCase());
  const colours = main.length ? `, mostly ${main.join(' and ')}` : analysis.colours.length ? ', of many colours' : '';
  const clear = analysis.transparent >= 0.05 ? ', with transparent areas' : '';
  return `A ${shape} image${size}${colours}${clear}.`;
}

/** Runs each extension on the bytes at `path` (as they will be stored). Never throws: a failure is a result. */
export async function runExtensions(requests: readonly ExtensionRequest[], path: string, media: MediaInfo): Promise<ExtensionResult[]> {
  if (requests.length === 0) return [];
  let analysis: Analysis | undefined;
  let why = 'only images can be tagged or described';
  if (media.fileType === 'image') {
    try {
      analysis = await analyse(path, media);
    } catch {
      why = 'the image could not be decoded';
    }
  }
  return requests.map((request): ExtensionResult => {
    const { name } = request;
    if (name !== 'google-auto-tagging' && name !== 'aws-auto-tagging' && name !== 'ai-auto-description') {
      return { name, status: 'failed', reason: `${name} is not simulated by ik-emulator` };
    }
    if (!analysis) return { name, status: 'failed', reason: why };
    if (name === 'ai-auto-description') return { name, status: 'success', description: describe(analysis) };
    return { name, status: 'success', AITags: autoTags(analysis, request) };
  });
}

/** Puts results into a file's metadata: tags from a source replace that source's earlier ones; a description replaces the old. */
export function applyResults(metadata: Pick<FileMetadata, 'AITags' | 'description' | 'extensionStatus'>, results: readonly ExtensionResult[]): void {
  for (const result of results) {
    if (result.AITags) {
      const kept = (metadata.AITags ?? []).filter((t) => t.source !== result.name);
      const merged = [...kept, ...result.AITags];
      metadata.AITags = merged.length > 0 ? merged : null;
    }
    if (result.description !== undefined) metadata.description = result.description;
  }
  if (results.length > 0) metadata.extensionStatus = { ...metadata.extensionStatus, ...statusOf(results) };
}

export function statusOf(results: readonly ExtensionResult[]): Record<string, ExtensionStatus> {
  return Object.fromEntries(results.map((r) => [r.name, r.status]));
}

export function pendingStatus(requests: readonly ExtensionRequest[]): Record<string, ExtensionStatus> | undefined {
  return requests.length ? Object.fromEntries(requests.map((r) => [r.name, 'pending'])) : undefined;
}
