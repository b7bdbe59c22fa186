import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { EmulatorContext } from './router.js';
import type { UploadParams } from './upload-params.js';
import type { UploadTransformation } from './transformation.js';
import { inspectBytes } from './inspect.js';
import { applyPreTransformation, warningLines } from './pre-transform.js';
import { transformImage } from './transform/apply.js';
import { parseChain } from './transform/parse.js';
import { applyResults, runExtensions, type ExtensionResult } from './extensions-run.js';
import type { ExtensionRequest } from './extensions.js';
import { fileUrl, toFileDetails, toUploadResponse } from './file-object.js';
import { currentVersion, type FileRecord, type MediaInfo } from './store.js';

/**
 * What an upload does besides storing bytes: its pre-transformation (applied with sharp as far
 * as the emulator simulates it), its post-transformations and extensions, and the webhooks
 * they end in. Everything not simulated is said in `warnings` (the `x-ik-emulator-warning`
 * header and the log), never waved through.
 */

export interface Prepared {
  bytesPath: string;
  media: MediaInfo;
  warnings: string[];
  /** The pre-transformation's outcome, for its webhook: undefined when none was asked for. */
  pre?: { chain: string; applied: boolean; reason?: string };
}

const NO_VIDEO = 'not simulated by ik-emulator (it does not process video)';

/**
 * Applies `transformation.pre` to an image (written to a path `newPath()` gives, asked for only
 * then) and checks what `post` will be able to do.
 */
export async function prepareTransformations(params: UploadParams, media: MediaInfo, bytesPath: string, newPath: () => string): Promise<Prepared> {
  const prepared: Prepared = { bytesPath, media, warnings: [] };
  const { pre, post } = params.transformation ?? {};
  if (pre) {
    if (media.fileType !== 'image') {
      prepared.warnings.push(`pre ${pre}: ${NO_VIDEO}`);
      prepared.pre = { chain: pre, applied: false, reason: NO_VIDEO };
    } else {
      const outPath = newPath();
      const outcome = await applyPreTransformation(pre, bytesPath, outPath);
      prepared.warnings.push(...outcome.warnings.map((w) => `pre ${w}`));
      prepared.pre = { chain: pre, applied: outcome.applied, ...(!outcome.applied && { reason: outcome.warnings.join('; ') }) };
      if (outcome.applied) {
        prepared.bytesPath = outPath;
        prepared.media = await inspectBytes(outPath, (await stat(outPath)).size, params.fileName);
      }
    }
  }
  for (const step of post ?? []) {
    const why = postProblem(step);
    if (why) prepared.warnings.push(`post ${step.type}${step.value ? ` ${step.value}` : ''}: ${why}`);
  }
  return prepared;
}

type PostStep = NonNullable<UploadTransformation['post']>[number];

/** Why a post-transformation will not be produced, or undefined when the emulator can produce it. */
function postProblem(step: PostStep): string | undefined {
  if (step.type !== 'transformation') return NO_VIDEO;
  const { skipped } = parseChain(step.value!);
  return skipped.length ? skipped.map((s) => `${s.param}: ${s.reason}`).join('; ') : undefined;
}

/**
 * Extensions run before the file is stored when there is no `webhookUrl` (the response then
 * says success or failed); with one, they run after the response, which says pending, and each
 * ends in a webhook. Returns the results to store, or undefined when they are to run later.
 */
export async function extensionsNow(params: UploadParams, prepared: Prepared): Promise<ExtensionResult[] | undefined> {
  if (params.webhookUrl || params.extensions.length === 0) return undefined;
  return runExtensions(params.extensions, prepared.bytesPath, prepared.media);
}

const now = () => new Date().toISOString();

/** After the response: pending extensions, then the webhooks of the pre- and post-transformations and extensions. */
export function afterUpload(ctx: EmulatorContext, requestId: string, record: FileRecord, params: UploadParams, prepared: Prepared): void {
  const { webhookUrl } = params;
  if (!webhookUrl) return;
  const { urlEndpoint } = ctx.options;
  if (prepared.pre) {
    const { chain, applied, reason } = prepared.pre;
    const request = { x_request_id: requestId, transformation: chain };
    ctx.webhooks.send(
      webhookUrl,
      applied
        ? { id: randomUUID(), type: 'upload.pre-transform.success', created_at: now(), request, data: toUploadResponse(record, urlEndpoint, params.responseFields) }
        : {
            id: randomUUID(),
            type: 'upload.pre-transform.error',
            created_at: now(),
            request,
            data: { name: record.name, path: record.filePath, transformation: { error: { reason: reason ?? 'not applied' } } },
          },
    );
  }
  const post = params.transformation?.post ?? [];
  if (post.length > 0) {
    ctx.background.run(`post-transformations of ${record.fileId}`, async () => {
      for (const step of post) await postTransform(ctx, requestId, record, step, webhookUrl);
    });
  }
  if (params.extensions.length > 0) {
    ctx.background.run(`extensions of ${record.fileId}`, () => extensionsLater(ctx, record, params.extensions, webhookUrl));
  }
}

/** Produces one post-transformation from the stored bytes, and says how it went. */
async function postTransform(ctx: EmulatorContext, requestId: string, record: FileRecord, step: PostStep, webhookUrl: string): Promise<void> {
  const url = `${fileUrl(ctx.options.urlEndpoint, record.filePath)}${step.value ? `?tr=${step.value}` : ''}`;
  let reason = postProblem(step);
  if (!reason) {
    const result = await transformImage(ctx.store.bytesPath(currentVersion(record)), step.value!);
    if (!result.bytes || result.warnings.length) reason = warningLines(result).join('; ') || 'nothing could be applied';
  }
  const request = { x_request_id: requestId, transformation: step };
  ctx.webhooks.send(
    webhookUrl,
    reason
      ? {
          id: randomUUID(),
          type: 'upload.post-transform.error',
          created_at: now(),
          request,
          data: { fileId: record.fileId, url, name: record.name, path: record.filePath, transformation: { error: { reason } } },
        }
      : { id: randomUUID(), type: 'upload.post-transform.success', created_at: now(), request, data: { fileId: record.fileId, url, name: record.name } },
  );
}

/**
 * Runs extensions on the stored version, saves their results on the file, and posts one webhook
 * per extension as ImageKit's update-file-details documents them: `{ service, status: SUCCESS,
 * fileObject }` or `{ service, status: FAILURE, fileId, error }`.
 */
export async function extensionsLater(ctx: EmulatorContext, record: FileRecord, requests: readonly ExtensionRequest[], webhookUrl: string | undefined): Promise<void> {
  const version = currentVersion(record);
  const results = await runExtensions(requests, ctx.store.bytesPath(version), version);
  // The file may have a newer version or be gone by now: the results belong to the version they read.
  const updated = await ctx.store.update(record.fileId, (draft) => {
    if (currentVersion(draft).id === version.id) applyResults(draft, results);
  });
  if (!webhookUrl) return;
  for (const result of results) {
    ctx.webhooks.send(
      webhookUrl,
      result.status === 'success' && updated
        ? { service: result.name, status: 'SUCCESS', fileObject: toFileDetails(updated, ctx.options.urlEndpoint) }
        : { service: result.name, status: 'FAILURE', fileId: record.fileId, error: { reason: result.reason ?? 'the file no longer exists' } },
    );
  }
}
