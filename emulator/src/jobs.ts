import { ImageKitError } from './http.js';
import { newId } from './ids.js';
import type { FileStore } from './store.js';
import type { FolderJobPlan, FolderJobType } from './library.js';

/** A bulk job as `GET /v1/bulkJobs/{jobId}` reports it, kept in `docs/bulk-jobs/`. */
export interface BulkJob {
  id: string;
  jobId: string;
  type: FolderJobType;
  status: 'Pending' | 'Completed';
  purgeRequestId?: string;
  createdAt: string;
}

export const JOBS = 'bulk-jobs';

const running = new WeakMap<FileStore, Set<string>>();

function overlaps(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
}

/**
 * Runs a folder job (copy, move, rename) to the end before answering, so it is `Completed`
 * by the time anyone can ask: the emulator's jobs are deterministic, not queued. The job is
 * recorded only once done, so a crash mid-job leaves no job that claims to be finished (the
 * client never got its id). While a job runs, another one on an overlapping folder gets
 * ImageKit's 423.
 */
export async function runFolderJob(store: FileStore, plan: FolderJobPlan, extra: { purgeRequestId?: () => Promise<string> } = {}): Promise<BulkJob> {
  const active = running.get(store) ?? new Set<string>();
  running.set(store, active);
  const busy = [...active];
  if (busy.some((path) => overlaps(path, plan.source))) {
    throw new ImageKitError(423, 'A bulk job is running on given folder path, please try after sometime.');
  }
  if (busy.some((path) => overlaps(path, plan.target))) {
    throw new ImageKitError(423, 'Destination folder path is already locked. Please try after sometime.');
  }
  for (const path of plan.locks) active.add(path);
  try {
    await plan.run();
    const id = newId();
    const job: BulkJob = { id, jobId: id, type: plan.type, status: 'Completed', createdAt: new Date().toISOString() };
    if (extra.purgeRequestId) job.purgeRequestId = await extra.purgeRequestId();
    await store.collection<BulkJob>(JOBS).put(job);
    return job;
  } finally {
    for (const path of plan.locks) active.delete(path);
  }
}

/** The job with this id, as the status API shows it, or undefined. */
export async function jobStatus(store: FileStore, jobId: string): Promise<Record<string, unknown> | undefined> {
  if (!/^[0-9a-f]{24}$/i.test(jobId)) return undefined;
  const job = await store.collection<BulkJob>(JOBS).get(jobId);
  if (!job) return undefined;
  const { jobId: id, type, status, purgeRequestId } = job;
  return { jobId: id, type, status, ...(purgeRequestId && { purgeRequestId }) };
}
