import type { IncomingMessage } from 'node:http';
import { closeSync, createWriteStream, open, writeSync, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { Busboy, type BusboyHeaders } from '@fastify/busboy';
import { BODY_TOO_LARGE, EarlyRefusal, ImageKitError } from './http.js';

/** ImageKit's answer to a file over the size limit (file-source.ts says it too). */
const FILE_TOO_LARGE = 'Your request contains invalid file parameter. The file size exceeds limits.';

/** The `file` part, streamed to disk as it arrived. */
export interface ReceivedFile {
  /** Where its bytes are (a store temp path); absent when it was too large and was discarded. */
  path: string | undefined;
  size: number;
  /** `binary` for a real file part; `text` for a plain field (base64 or a URL, decided later). */
  kind: 'binary' | 'text';
  /** True when it went over its byte limit: nothing of it was kept. */
  tooLarge: boolean;
  /**
   * Its first bytes (up to HEAD_BYTES; all of it when it was at most BUFFERED_BYTES), kept in
   * memory as they streamed by, so the type checks need not read the file back. Set once the
   * part was written.
   */
  head?: Buffer;
}

/** How many of the file part's first bytes ReceivedFile.head keeps. */
export const HEAD_BYTES = 64 * 1024;

export interface ParsedForm {
  fields: Map<string, string>;
  file: ReceivedFile | undefined;
}

export interface FormLimits {
  /** Largest binary `file` part. */
  binaryBytes: number;
  /** Largest text `file` field (base64 or URL). */
  textBytes: number;
  /** Largest other field. */
  fieldBytes: number;
  /** Most fields. */
  fields: number;
  /** A client silent for this long is cut off with 408. */
  idleMs: number;
  /**
   * Called with the fields received so far when the `file` part begins, before any of it is
   * written: it may refuse the upload (throw ImageKitError), and then nothing of the file is stored.
   */
  beforeFile?: (fields: ReadonlyMap<string, string>) => Promise<void>;
}

/** A refusal answered at once, closing the connection, without reading the rest of the body. */
const early = (status: number, message: string) => new EarlyRefusal(status, message);
const answersAtOnce = (error: ImageKitError) => error instanceof EarlyRefusal;

/** After an error, at most this many more bytes are read so the client can see the answer. */
const DRAIN_LIMIT = 64 * 1024 * 1024;

/**
 * Parses an upload's multipart body as a stream with busboy. The `file` part (binary or text)
 * is written to a path `newPath()` gives, asked for when the part begins to be written (a
 * small part is written once it has arrived whole), its size checked as it goes; every other field is
 * kept as a string. Resolves once the whole body is read. Throws ImageKitError 400 for
 * malformed multipart and too many or too large fields, 408 for a client that goes silent; in every
 * failure the temp file is removed. A file over its limit, a body far over any limit and a
 * refusal by `beforeFile` are answered as soon as they are known (EarlyRefusal: the router then
 * throws the rest away unread); after other failures the rest of the body is drained first, so
 * the client, still sending, hears the answer.
 */
export async function parseUploadForm(req: IncomingMessage, newPath: () => string, limits: FormLimits): Promise<ParsedForm> {
  let parser: InstanceType<typeof Busboy>;
  try {
    parser = new Busboy({
      headers: req.headers as BusboyHeaders,
      limits: { fieldSize: limits.fieldBytes, fields: limits.fields, files: 1, parts: limits.fields + 1, headerPairs: 50 },
      // A text `file` field (base64 or URL) can be large: stream it like a file, never buffer it.
      isPartAFile: (name, _type, filename) => name === 'file' || filename !== undefined,
    });
  } catch {
    await drain(req);
    throw new ImageKitError(400, 'Your request must be multipart/form-data with a boundary.');
  }

  const fields = new Map<string, string>();
  let file: ReceivedFile | undefined;
  /** Where the file part is written, once it is. */
  let filePath: string | undefined;
  let fileWritten: Promise<void> = Promise.resolve();
  let part: Readable | undefined;
  let failure: ImageKitError | undefined;
  let failed: () => void = () => undefined;
  const failedOnce = new Promise<'failed'>((done) => (failed = () => done('failed')));
  const fail = (error: ImageKitError) => {
    failure ??= error;
    failed();
  };
  /** Stops parsing: the part being written (if any) is discarded and its temp file removed. */
  const stop = async () => {
    req.unpipe(parser);
    part?.destroy();
    await fileWritten;
    if (filePath) await rm(filePath, { force: true });
  };

  parser.on('field', (name, value, nameTruncated, valueTruncated) => {
    if (valueTruncated) return fail(new ImageKitError(400, `Your request contains an oversized ${fieldLabel(name)} parameter.`));
    if (nameTruncated) return fail(new ImageKitError(400, 'Your request contains an oversized field name.'));
    // The first value wins, as with a duplicated form field in most servers.
    if (!fields.has(name)) fields.set(name, value);
  });
  parser.on('file', (name, stream, filename, _encoding, mimeType) => {
    if (name !== 'file' || file) {
      stream.resume(); // only one file part means anything to ImageKit
      return;
    }
    const kind = filename !== undefined || mimeType !== 'text/plain' ? 'binary' : 'text';
    const limit = kind === 'binary' ? limits.binaryBytes : limits.textBytes;
    const received: ReceivedFile = { path: undefined, size: 0, kind, tooLarge: false };
    file = received;
    part = stream;
    const tooLarge = () => fail(early(400, FILE_TOO_LARGE));
    if (!limits.beforeFile) {
      received.path = filePath = newPath();
      fileWritten = writeFilePart(stream, filePath, limit, received, tooLarge);
      return;
    }
    // Nothing of the file is written until the fields before it have been checked.
    stream.pause();
    fileWritten = limits.beforeFile(fields).then(
      () => {
        if (failure || stream.destroyed) return; // refused meanwhile (a timeout, a bad field): write nothing
        received.path = filePath = newPath();
        const written = writeFilePart(stream, filePath, limit, received, tooLarge);
        stream.resume(); // paused explicitly above: a 'data' listener alone would not restart it
        return written;
      },
      (error: unknown) => {
        if (!(error instanceof ImageKitError)) console.error('[ik-emulator] upload check failed:', error);
        fail(error instanceof ImageKitError ? new EarlyRefusal(error.status, error.message, error.headers) : early(500, 'Internal server error.'));
      },
    );
  });
  parser.on('fieldsLimit', () => fail(new ImageKitError(400, `Your request contains more than ${limits.fields} fields.`)));
  parser.on('partsLimit', () => fail(new ImageKitError(400, `Your request contains more than ${limits.fields} fields.`)));
  parser.on('filesLimit', () => undefined); // extra file parts are skipped above

  const finished = new Promise<void>((done) => {
    parser.on('finish', done);
    parser.on('error', (error: Error) => {
      fail(new ImageKitError(400, `Your request contains malformed multipart/form-data: ${error.message}.`));
      done();
    });
  });
  const aborted = new Promise<'aborted'>((done) => req.on('close', () => req.complete || done('aborted')));

  // Past a body this large nothing useful can follow (parts skipped, say): answer, read no more.
  const hardCap = Math.max(limits.binaryBytes, limits.textBytes) + DRAIN_LIMIT;
  let bodyBytes = 0;
  req.on('data', (chunk: Buffer) => {
    bodyBytes += chunk.length;
    if (bodyBytes > hardCap) fail(early(413, BODY_TOO_LARGE));
  });
  const idle = idleTimer(req, limits.idleMs);
  req.pipe(parser);
  const outcome = await Promise.race([finished.then(() => fileWritten), failedOnce, aborted, idle.expired]);
  idle.stop();

  if (outcome === 'timeout' || outcome === 'aborted') {
    await stop();
    if (outcome === 'timeout') throw new ImageKitError(408, 'Your request timed out: no data arrived for too long.', { Connection: 'close' });
    throw new ImageKitError(400, 'Your request body was cut off.');
  }
  if (failure) {
    await stop();
    if (answersAtOnce(failure)) req.pause();
    else await drain(req);
    throw failure;
  }
  return { fields, file };
}

/**
 * A file part up to this size is kept in memory as it arrives and written in one write at its
 * end (no stream: an open, one write, a close); a larger one is streamed to disk from there.
 * With maxConcurrentUploads (32) parts at once that is at most 8 MB held.
 */
export const BUFFERED_BYTES = 256 * 1024;

/**
 * Copies one part to disk with backpressure. Past `limit` it stops writing, deletes what it
 * wrote, and keeps consuming the part (busboy stalls on a part nobody reads). A part cut off by
 * the end of the body leaves nothing behind either. A part of at most BUFFERED_BYTES is written
 * once it has ended, in one write; `received.head` is then all of it.
 */
function writeFilePart(stream: Readable, path: string, limit: number, received: ReceivedFile, onTooLarge: () => void): Promise<void> {
  /** Opened once the part outgrows BUFFERED_BYTES. */
  let out: WriteStream | undefined;
  let chunks: Buffer[] = [];
  let buffered = 0;
  let discard = false;
  const stopWriting = () => {
    discard = true;
    received.path = undefined;
    chunks = [];
    out?.destroy();
    stream.resume();
  };
  const head: Buffer[] = [];
  let headBytes = 0;
  const write = (chunk: Buffer) => {
    if (!out!.write(chunk)) {
      stream.pause();
      out!.once('drain', () => stream.resume());
    }
  };
  return new Promise<void>((done) => {
    stream.on('data', (chunk: Buffer) => {
      received.size += chunk.length;
      if (discard) return;
      if (received.size > limit) {
        received.tooLarge = true;
        stopWriting();
        return onTooLarge();
      }
      if (out) {
        if (headBytes < HEAD_BYTES) {
          head.push(chunk.subarray(0, HEAD_BYTES - headBytes));
          headBytes += head[head.length - 1]!.length;
        }
        return write(chunk);
      }
      chunks.push(chunk);
      buffered += chunk.length;
      if (buffered <= BUFFERED_BYTES) return;
      // Too large to hold: stream it from here, starting with what was held.
      const held = Buffer.concat(chunks, buffered);
      chunks = [];
      head.push(held.subarray(0, HEAD_BYTES));
      headBytes = head[0]!.length;
      out = createWriteStream(path, { mode: 0o600, flags: 'wx' });
      out.on('error', stopWriting);
      write(held);
    });
    stream.on('error', stopWriting); // busboy's "Unexpected end of file"
    stream.on('close', () => {
      if (discard || !stream.readableEnded) {
        if (!discard) stopWriting();
        if (!out) return done(); // nothing of it was written
        const removed = () => void rm(path, { force: true }).then(() => done());
        if (out.closed) removed();
        else out.once('close', removed);
      } else if (out) {
        received.head = Buffer.concat(head, headBytes);
        out.end(() => done());
      } else {
        const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, buffered);
        chunks = [];
        received.head = bytes;
        writeNewFile(path, bytes).then(done, () => {
          received.path = undefined;
          void rm(path, { force: true }).then(() => done());
        });
      }
    });
  });
}

/**
 * Writes `bytes` (at most BUFFERED_BYTES) to a new file at `path`. The open goes to the thread
 * pool, as creating a file can wait on the file system's journal; the write into the page cache
 * and the close take microseconds and are made here, each a round trip through the thread pool
 * less (a profile of 16 clients uploading 10 KB: context switches per upload 8.9 with
 * fs.promises.writeFile, 3.9 so).
 */
function writeNewFile(path: string, bytes: Buffer): Promise<void> {
  return new Promise((done, failed) => {
    open(path, 'wx', 0o600, (error, fd) => {
      if (error) return failed(error);
      let failure: unknown;
      try {
        for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
      } catch (writeError) {
        failure = writeError;
      }
      try {
        closeSync(fd);
      } catch (closeError) {
        failure ??= closeError;
      }
      if (failure) failed(failure);
      else done();
    });
  });
}

function idleTimer(req: Readable, idleMs: number) {
  let fire: (value: 'timeout') => void = () => undefined;
  const expired = new Promise<'timeout'>((done) => (fire = done));
  const timer = setTimeout(() => fire('timeout'), idleMs);
  const arm = () => void timer.refresh(); // restarted by each chunk, one timer for the whole body
  req.on('data', arm);
  return {
    expired,
    stop: () => {
      clearTimeout(timer);
      req.off('data', arm);
    },
  };
}

/** Reads and discards the rest of a request so the client sees our answer; cuts off huge ones. */
export function drain(req: IncomingMessage, limit = DRAIN_LIMIT): Promise<void> {
  if (req.complete || req.destroyed) return Promise.resolve();
  return new Promise((done) => {
    let seen = 0;
    req.on('data', (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > limit) {
        req.destroy();
        done();
      }
    });
    req.on('end', done);
    req.on('close', done);
    req.resume();
  });
}

function fieldLabel(name: string): string {
  return /^[A-Za-z]{1,40}$/.test(name) ? name : 'form';
}
