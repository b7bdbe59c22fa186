// The upload parameter checks, loaded on demand by the queue (validate-params.ts is the public,
// synchronous form). Imports only types: what it needs from modules the CDN file already holds is
// passed in, so this module loads as a chunk of its own.
import type { InvalidJson } from './params.js';
import type { ResponseField, UploadParams } from './types.js';

/** The names and class the checks compare against, from the modules that own them. */
export interface CheckContext {
  names: readonly string[];
  responseFields: readonly ResponseField[];
  InvalidJson: typeof InvalidJson;
}

let UPLOAD_PARAM_NAMES: readonly string[] = [];
let RESPONSE_FIELDS: readonly ResponseField[] = [];
let Invalid: typeof InvalidJson;

const BOOLEAN_PARAMS = new Set<string>([
  'useUniqueFileName', 'isPrivateFile', 'isPublished', 'overwriteFile', 'overwriteAITags', 'overwriteTags', 'overwriteCustomMetadata',
]);
const MAX_TAG_CHARS = 500;
const MAX_FOLDER_DEPTH = 50;
const POST_TYPES = ['transformation', 'gif-to-video', 'thumbnail', 'abs'];
const AI_TASK_TYPES = ['select_tags', 'select_metadata', 'yes_no'];

/** A failed check; paramProblem turns it into its message. */
class Bad extends Error {}

const bad = (param: string, message: string) => new Bad(`${param}: ${message}`);

/**
 * Checks every set parameter with ImageKit's documented rules (seed 004) and the official JS SDK's
 * checks; returns the first problem as "param: message", or undefined when there is none.
 */
export function paramProblem(params: UploadParams, context: CheckContext): string | undefined {
  ({ names: UPLOAD_PARAM_NAMES, responseFields: RESPONSE_FIELDS, InvalidJson: Invalid } = context);
  try {
    check(params);
  } catch (err) {
    if (err instanceof Bad) return err.message;
    throw err;
  }
}

function check(params: UploadParams): void {
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    if (!UPLOAD_PARAM_NAMES.includes(key)) {
      throw bad(key, `not an ImageKit upload parameter (known: ${UPLOAD_PARAM_NAMES.join(', ')}).`);
    }
    if (value instanceof Invalid) {
      throw bad(key, `not valid JSON (${value.reason}): ${value.text.slice(0, 80)}`);
    }
    if (BOOLEAN_PARAMS.has(key)) {
      if (typeof value !== 'boolean') throw bad(key, `must be true or false; got ${show(value)}.`);
      continue;
    }
    CHECKS[key as keyof UploadParams]?.(value);
  }
}

const CHECKS: Partial<Record<keyof UploadParams, (value: unknown) => void>> = {
  fileName(v) {
    if (typeof v !== 'string' || v.trim() === '') throw bad('fileName', `must be a non-empty string; got ${show(v)}.`);
  },
  tags(v) {
    const tags = stringList('tags', v);
    for (const tag of tags) {
      if (tag.trim() === '') throw bad('tags', `contains an empty tag (${show(v)}).`);
      if (tag.includes('%')) throw bad('tags', `"%" is not allowed in a tag ("${tag}").`);
      if (Array.isArray(v) && tag.includes(',')) throw bad('tags', `a tag cannot contain a comma ("${tag}"): tags are sent comma-separated.`);
    }
    const chars = tags.reduce((n, t) => n + t.length, 0);
    if (chars > MAX_TAG_CHARS) throw bad('tags', `${chars} characters in all; ImageKit allows at most ${MAX_TAG_CHARS}.`);
  },
  folder(v) {
    if (typeof v !== 'string') throw bad('folder', `must be a string; got ${show(v)}.`);
    const wrong = v.match(/[^\p{L}\p{M}\p{N}/_-]/u);
    if (wrong) {
      throw bad('folder', `"${v}" contains ${show(wrong[0])}; a folder may contain only letters, digits, "/", "_" and "-".`);
    }
    const depth = v.split('/').filter(Boolean).length;
    if (depth > MAX_FOLDER_DEPTH) throw bad('folder', `${depth} levels deep; ImageKit allows at most ${MAX_FOLDER_DEPTH}.`);
  },
  customCoordinates(v) {
    if (typeof v !== 'string' || !/^\d+,\d+,\d+,\d+$/.test(v)) {
      throw bad('customCoordinates', `must be "x,y,width,height" in whole pixels, like "10,10,100,100"; got ${show(v)}.`);
    }
  },
  responseFields(v) {
    for (const field of stringList('responseFields', v)) {
      if (!RESPONSE_FIELDS.includes(field as ResponseField)) {
        throw bad('responseFields', `${show(field)} is not a response field (allowed: ${RESPONSE_FIELDS.join(', ')}).`);
      }
    }
  },
  extensions(v) {
    if (!Array.isArray(v)) throw bad('extensions', `must be an array of extension objects; got ${show(v)}.`);
    v.forEach((ext, i) => checkExtension(ext, `extensions[${i}]`));
  },
  webhookUrl(v) {
    let url: URL | undefined;
    try {
      url = typeof v === 'string' ? new URL(v) : undefined;
    } catch { /* reported below */ }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      throw bad('webhookUrl', `must be an absolute http(s) URL; got ${show(v)}.`);
    }
  },
  customMetadata(v) {
    if (!isPlainObject(v)) throw bad('customMetadata', `must be a JSON object of field names to values; got ${show(v)}.`);
    try {
      JSON.stringify(v);
    } catch (err) {
      throw bad('customMetadata', `cannot be turned into JSON (${(err as Error).message}).`);
    }
  },
  transformation(v) {
    // The official JS SDK's checks, plus the spec's shape for each post step.
    if (!isPlainObject(v)) throw bad('transformation', `must be an object { pre?, post? }; got ${show(v)}.`);
    const keys = Object.keys(v);
    const extra = keys.filter((k) => k !== 'pre' && k !== 'post');
    if (extra.length) throw bad('transformation', `unknown key ${show(extra[0])}; only "pre" and "post" are allowed.`);
    if (!keys.length) throw bad('transformation', 'include at least "pre", "post", or both.');
    if ('pre' in v && (typeof v.pre !== 'string' || v.pre.trim() === '')) {
      throw bad('transformation.pre', `must be a non-empty transformation string like "w-300,h-300"; got ${show(v.pre)}.`);
    }
    if ('post' in v) {
      if (!Array.isArray(v.post)) throw bad('transformation.post', `must be an array of steps; got ${show(v.post)}.`);
      v.post.forEach((step: unknown, i: number) => {
        const where = `transformation.post[${i}]`;
        if (!isPlainObject(step)) throw bad(where, `must be an object { type, value? }; got ${show(step)}.`);
        if (!POST_TYPES.includes(step.type as string)) throw bad(`${where}.type`, `must be one of ${POST_TYPES.join(', ')}; got ${show(step.type)}.`);
        if (step.value !== undefined && typeof step.value !== 'string') throw bad(`${where}.value`, `must be a string; got ${show(step.value)}.`);
        if ((step.type === 'transformation' || step.type === 'abs') && !step.value) {
          throw bad(`${where}.value`, `is required for type "${step.type}".`);
        }
        if (step.type === 'abs' && step.protocol !== 'hls' && step.protocol !== 'dash') {
          throw bad(`${where}.protocol`, `must be "hls" or "dash" for type "abs"; got ${show(step.protocol)}.`);
        }
      });
    }
  },
  checks(v) {
    if (typeof v !== 'string' || v.trim() === '') throw bad('checks', `must be a non-empty string like '"file.size" < "1mb"'; got ${show(v)}.`);
  },
  description(v) {
    if (typeof v !== 'string') throw bad('description', `must be a string; got ${show(v)}.`);
  },
};

function checkExtension(ext: unknown, where: string) {
  if (!isPlainObject(ext) || typeof ext.name !== 'string') throw bad(where, `must be an object with a "name"; got ${show(ext)}.`);
  switch (ext.name) {
    case 'remove-bg':
      if (ext.options !== undefined && !isPlainObject(ext.options)) throw bad(`${where}.options`, `must be an object; got ${show(ext.options)}.`);
      return;
    case 'google-auto-tagging':
    case 'aws-auto-tagging':
      for (const k of ['maxTags', 'minConfidence'] as const) {
        if (!Number.isInteger(ext[k])) throw bad(`${where}.${k}`, `must be a whole number for "${ext.name}"; got ${show(ext[k])}.`);
      }
      return;
    case 'ai-auto-description':
      return;
    case 'ai-tasks': {
      const tasks = ext.tasks;
      if (!Array.isArray(tasks) || tasks.length < 1 || tasks.length > 10) {
        throw bad(`${where}.tasks`, `must be an array of 1 to 10 tasks; got ${show(tasks)}.`);
      }
      tasks.forEach((task: unknown, i: number) => {
        const at = `${where}.tasks[${i}]`;
        if (!isPlainObject(task) || !AI_TASK_TYPES.includes(task.type as string)) {
          throw bad(at, `must have a type of ${AI_TASK_TYPES.join(', ')}; got ${show(task)}.`);
        }
        if (typeof task.instruction !== 'string' || task.instruction.length < 1 || task.instruction.length > 2000) {
          throw bad(`${at}.instruction`, 'must be a string of 1 to 2000 characters.');
        }
        if (task.type === 'select_metadata' && typeof task.field !== 'string') throw bad(`${at}.field`, 'is required for "select_metadata".');
      });
      return;
    }
    case 'saved-extension':
      if (typeof ext.id !== 'string' || !ext.id) throw bad(`${where}.id`, 'is required for "saved-extension".');
      return;
    default:
      throw bad(`${where}.name`, `unknown extension ${show(ext.name)} (known: remove-bg, google-auto-tagging, aws-auto-tagging, ai-auto-description, ai-tasks, saved-extension).`);
  }
}

function stringList(param: string, v: unknown): string[] {
  if (typeof v === 'string') return v.split(',');
  if (Array.isArray(v) && v.every((t) => typeof t === 'string')) return v;
  throw bad(param, `must be an array of strings or a comma-separated string; got ${show(v)}.`);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? v.slice(0, 60) + '…' : v);
  if (v === undefined) return 'nothing';
  try {
    const json = JSON.stringify(v);
    return json === undefined ? String(v) : json.length > 60 ? json.slice(0, 60) + '…' : json;
  } catch {
    return Object.prototype.toString.call(v);
  }
}
