import { ImageKitError, JsonTooDeep, parseJson } from './http.js';

/** Extension names whose status the upload response reports (schema `Upload.extensionStatus`). */
export type ExtensionName = 'remove-bg' | 'google-auto-tagging' | 'aws-auto-tagging' | 'ai-auto-description' | 'ai-tasks';

const invalid = (why: string) => new ImageKitError(400, `Your request contains invalid extensions parameter. ${why}`);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => Number.isInteger(v);

/** One requested extension, checked; auto-tagging carries its limits. */
export interface ExtensionRequest {
  name: ExtensionName;
  minConfidence?: number;
  maxTags?: number;
}

/**
 * Parses `extensions` (a JSON array) and checks each item against the spec's shapes
 * (`RemovedotBGExtension`, `AutoTaggingExtension`, `AutoDescriptionExtension`,
 * `AITasksExtension`, `SavedExtensionReference`). Returns the extensions requested, each once
 * (the first of a name wins).
 */
export function parseExtensions(raw: string | undefined): ExtensionRequest[] {
  if (raw === undefined || raw.trim() === '') return [];
  let list: unknown;
  try {
    list = parseJson(raw);
  } catch (error: unknown) {
    if (error instanceof JsonTooDeep) throw invalid(error.message);
    throw invalid('It should be a JSON array.');
  }
  return checkExtensions(list);
}

/** Checks an already parsed `extensions` value (the media API's PATCH sends it as JSON). */
export function checkExtensions(list: unknown): ExtensionRequest[] {
  if (!Array.isArray(list)) throw invalid('It should be a JSON array.');
  const requests: ExtensionRequest[] = [];
  list.forEach((item: unknown, i) => {
    const at = `extensions[${i}]`;
    if (!isObject(item) || typeof item.name !== 'string') throw invalid(`${at} should be an object with a name.`);
    switch (item.name) {
      case 'remove-bg':
        checkRemoveBg(item, at);
        break;
      case 'google-auto-tagging':
      case 'aws-auto-tagging':
        if (!isInt(item.minConfidence) || item.minConfidence < 0 || item.minConfidence > 100) {
          throw invalid(`${at}.minConfidence should be an integer from 0 to 100.`);
        }
        if (!isInt(item.maxTags) || item.maxTags < 1) throw invalid(`${at}.maxTags should be a positive integer.`);
        break;
      case 'ai-auto-description':
        break;
      case 'ai-tasks':
        checkAiTasks(item, at);
        break;
      case 'saved-extension':
        if (typeof item.id !== 'string' || item.id === '') throw invalid(`${at}.id should be a saved extension's id.`);
        // Saved extensions that exist were replaced by their config before this check (saved-extensions.ts).
        throw invalid(`${at}: no saved extension has the id '${item.id}'.`);
      default:
        throw invalid(`${at}.name '${item.name}' is not an extension.`);
    }
    if (requests.some((r) => r.name === item.name)) return;
    const request: ExtensionRequest = { name: item.name as ExtensionName };
    if (item.name === 'google-auto-tagging' || item.name === 'aws-auto-tagging') {
      request.minConfidence = item.minConfidence as number;
      request.maxTags = item.maxTags as number;
    }
    requests.push(request);
  });
  return requests;
}

function checkRemoveBg(item: Record<string, unknown>, at: string): void {
  if (item.options === undefined) return;
  if (!isObject(item.options)) throw invalid(`${at}.options should be an object.`);
  const { add_shadow, semitransparency, bg_color, bg_image_url } = item.options;
  if (add_shadow !== undefined && typeof add_shadow !== 'boolean') throw invalid(`${at}.options.add_shadow should be true or false.`);
  if (semitransparency !== undefined && typeof semitransparency !== 'boolean') {
    throw invalid(`${at}.options.semitransparency should be true or false.`);
  }
  if (bg_color !== undefined && typeof bg_color !== 'string') throw invalid(`${at}.options.bg_color should be a string.`);
  if (bg_image_url !== undefined && typeof bg_image_url !== 'string') throw invalid(`${at}.options.bg_image_url should be a string.`);
  if (bg_color && bg_image_url) throw invalid(`${at}.options: set bg_color or bg_image_url, not both.`);
}

function checkAiTasks(item: Record<string, unknown>, at: string): void {
  const { tasks } = item;
  if (!Array.isArray(tasks) || tasks.length < 1 || tasks.length > 10) throw invalid(`${at}.tasks should be an array of 1 to 10 tasks.`);
  tasks.forEach((task: unknown, i) => {
    const where = `${at}.tasks[${i}]`;
    if (!isObject(task)) throw invalid(`${where} should be an object.`);
    if (typeof task.instruction !== 'string' || task.instruction.length < 1 || task.instruction.length > 2000) {
      throw invalid(`${where}.instruction should be a string of 1 to 2000 characters.`);
    }
    switch (task.type) {
      case 'select_tags':
      case 'select_metadata': {
        if (task.type === 'select_metadata' && (typeof task.field !== 'string' || task.field === '')) {
          throw invalid(`${where}.field should name a custom metadata field.`);
        }
        const { vocabulary, min_selections, max_selections } = task;
        if (vocabulary !== undefined) {
          const okItem = (v: unknown) =>
            task.type === 'select_tags' ? typeof v === 'string' && !v.includes('%') : ['string', 'number', 'boolean'].includes(typeof v);
          if (!Array.isArray(vocabulary) || vocabulary.length < 1 || !vocabulary.every(okItem)) {
            throw invalid(`${where}.vocabulary should be a non-empty array of ${task.type === 'select_tags' ? 'tags without %' : 'values'}.`);
          }
        }
        if (min_selections !== undefined && (!isInt(min_selections) || min_selections < 0)) {
          throw invalid(`${where}.min_selections should be a non-negative integer.`);
        }
        if (max_selections !== undefined && (!isInt(max_selections) || max_selections < 1)) {
          throw invalid(`${where}.max_selections should be a positive integer.`);
        }
        break;
      }
      case 'yes_no':
        for (const key of ['on_yes', 'on_no', 'on_unknown'] as const) {
          if (task[key] !== undefined && !isObject(task[key])) throw invalid(`${where}.${key} should be an object.`);
        }
        break;
      default:
        throw invalid(`${where}.type should be select_tags, select_metadata or yes_no.`);
    }
  });
}
