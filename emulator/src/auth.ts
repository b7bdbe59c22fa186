import type { IncomingMessage } from 'node:http';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { basicAuthUser, ImageKitError } from './http.js';
import type { FileStore, SpentToken } from './store.js';
import type { AppendLog } from './append-log.js';

export const MESSAGES = {
  noKey: 'Your request does not contain private API key.',
  cannotAuthenticate: 'Your account cannot be authenticated.',
  both: 'Your request contains both signature and basic auth parameter. Use only one method, you might be exposing your private API key.',
  expire:
    'Your request contains invalid expire parameter. Expire parameter should be a Unix time in less than 1 hour into the future.',
  signature: 'Your request contains invalid signature parameter.',
  tokenUsed: (token: string) =>
    `The token with value '${token}' has been used before. We suggest using V4 UUIDs, or another random string with enough entropy to avoid collisions.`,
  missing: (name: string) => `Your request is missing ${name} parameter.`,
} as const;

/** SHA-256 of the secrets compared against (the account's keys: a few, for the whole process). */
const expectedDigests = new Map<string, Buffer>();

/**
 * Compares two secrets in constant time, whatever their lengths: their SHA-256 digests are
 * compared. `expected` is one of the account's keys, whose digest is made once.
 */
export function secretsEqual(given: string, expected: string): boolean {
  let b = expectedDigests.get(expected);
  if (!b) {
    b = createHash('sha256').update(expected).digest();
    if (expectedDigests.size < 64) expectedDigests.set(expected, b);
  }
  const a = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

/**
 * Compares a value sent with the one expected, in constant time for equal lengths, for values
 * whose length is no secret: a hex digest (40 characters for HMAC-SHA1), the public key. One of
 * another length is refused at once; equal lengths are compared byte by byte, hashing neither.
 */
export function digestsEqual(given: string, expected: string): boolean {
  if (given.length !== expected.length) return false;
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Server-side auth for the media API: HTTP Basic with the private key as user name (the
 * password is ignored, as ImageKit ignores it). Throws 401 without a key, 403 with a wrong one.
 */
export function requirePrivateKey(req: IncomingMessage, privateKey: string): void {
  const user = basicAuthUser(req);
  if (!user) throw new ImageKitError(401, MESSAGES.noKey);
  if (!secretsEqual(user, privateKey)) throw new ImageKitError(403, MESSAGES.cannotAuthenticate);
}

/** Where tokens were kept before the log: read once, folded into the log, then removed. */
const LEGACY_TOKENS_DOC = 'used-tokens';
const TOKENS_LOG = 'used-tokens';
/** How often (seconds) expired tokens are dropped from memory. */
const PRUNE_EVERY_S = 60;

/**
 * Tokens already spent by client-side uploads, kept (on disk too) until they expire: after
 * that the expire check refuses any replay anyway. A spend is decided in memory, at once; its
 * upload then saves it before it is answered, in one of two places:
 *
 * - a stored upload's record line in records.log carries it (`toCarry()`, then `carried()`):
 *   the record and the spend are one line and one durable write, not one in each of two logs;
 * - an upload that stores nothing (refused, failed) appends it alone to `docs/used-tokens.log`
 *   (`durable()`), an append-only log whose concurrent appends share one write (AppendLog).
 *
 * At open the ledger reads both. Expired lines are dropped when a log is compacted: for this
 * log at open and whenever it holds more than twice the tokens still live; records.log keeps
 * the live ones its lines carried (store.ts).
 */
export class TokenLedger {
  #used = new Map<string, number>();
  #log: AppendLog<SpentToken>;
  #nextPrune = 0;
  #compacting: Promise<unknown> | undefined;
  /**
   * The spend each upload (its request) made: `saved` once it is on its way to the disk, with
   * the upload's record (carried) or alone (durable).
   */
  #held = new WeakMap<object, { spent: SpentToken; saved?: Promise<void> }>();

  private constructor(log: AppendLog<SpentToken>) {
    this.#log = log;
  }

  static async open(store: FileStore): Promise<TokenLedger> {
    const now = Math.floor(Date.now() / 1000);
    const legacy = await store.readDoc<Record<string, number>>(LEGACY_TOKENS_DOC, {});
    const live = (entries: SpentToken[]) => {
      const kept = new Map<string, number>(Object.entries(legacy));
      for (const entry of entries) {
        if (Array.isArray(entry) && typeof entry[0] === 'string' && typeof entry[1] === 'number') kept.set(entry[0], entry[1]);
      }
      return [...kept].filter(([, expire]) => expire >= now);
    };
    let kept: SpentToken[] = [];
    const { log } = await store.openLog<SpentToken>(TOKENS_LOG, (entries) => (kept = live(entries)));
    const ledger = new TokenLedger(log);
    for (const [token, expire] of kept) ledger.#used.set(token, expire);
    for (const [token, expire] of store.spentTokens()) ledger.#used.set(token, expire);
    if (Object.keys(legacy).length) await store.removeDoc(LEGACY_TOKENS_DOC); // now in the log
    ledger.#nextPrune = now + PRUNE_EVERY_S;
    return ledger;
  }

  /**
   * Records `token` as spent by `owner` (the upload's request). Returns false if it was spent
   * before. Synchronous, so of two concurrent requests with one token exactly one gets true.
   * Nothing is written yet: the upload's record line carries the spend (`toCarry()`), or
   * `durable(owner)` writes it alone.
   */
  spend(token: string, expire: number, owner: object): boolean {
    const now = Math.floor(Date.now() / 1000);
    if (now >= this.#nextPrune) this.#prune(now);
    if (this.#used.has(token)) return false;
    this.#used.set(token, expire);
    this.#held.set(owner, { spent: [token, expire] });
    return true;
  }

  /** The token `owner` spent, while it is not on its way to the disk: for its record line to carry. */
  toCarry(owner: object): SpentToken | undefined {
    const held = this.#held.get(owner);
    return held && !held.saved ? held.spent : undefined;
  }

  /** The record line that carried `toCarry(owner)` is on disk: durable(owner) has nothing to write. */
  carried(owner: object): void {
    const held = this.#held.get(owner);
    if (held) held.saved ??= Promise.resolve();
  }

  /**
   * Resolves once the token `owner` spent is on disk (at once if it spent none, or its record
   * carried it); rejects if that save failed. Every upload awaits it before its answer: one
   * that stored nothing writes its spend here, alone, as a token is spent even by an upload
   * that then fails.
   */
  durable(owner: object): Promise<void> {
    const held = this.#held.get(owner);
    if (!held) return Promise.resolve();
    return (held.saved ??= this.#append(held.spent));
  }

  #append(spent: SpentToken): Promise<void> {
    if (this.#compacting || this.#log.count + 1 <= 2 * this.#used.size + 1024) return this.#log.append(spent);
    // Mostly expired lines: write the live ones afresh (this spend among them).
    const saved = this.#log.rewrite([...this.#used]);
    this.#compacting = saved.finally(() => (this.#compacting = undefined)).catch(() => undefined);
    return saved;
  }

  /** Forgets expired tokens; runs at most once a minute, so a spend stays O(1) on average. */
  #prune(now: number): void {
    this.#nextPrune = now + PRUNE_EVERY_S;
    for (const [t, e] of this.#used) if (e < now) this.#used.delete(t);
  }
}

export interface ClientAuthFields {
  publicKey?: string | undefined;
  signature?: string | undefined;
  token?: string | undefined;
  expire?: string | undefined;
}

/**
 * Upload auth exactly as ImageKit does it: either Basic auth with the private key, or the
 * client-side `publicKey` + `signature` = hex HMAC-SHA1(privateKey, token + expire), with
 * `expire` under an hour ahead and each `token` accepted once, even if the upload then fails.
 * Throws ImageKitError with ImageKit's status and message. The spend is decided here; the
 * caller saves it before it answers (TokenLedger).
 */
export async function authenticateUpload(
  req: IncomingMessage,
  fields: ClientAuthFields,
  keys: { publicKey: string; privateKey: string },
  tokens: TokenLedger,
): Promise<'basic' | 'signature'> {
  // Another scheme (a proxy's Bearer token, say) is not the private key and does not clash.
  const hasBasic = /^Basic\s/i.test(req.headers.authorization ?? '');
  const hasClientAuth = Object.values(fields).some((value) => value !== undefined);
  if (hasBasic && hasClientAuth) throw new ImageKitError(400, MESSAGES.both);
  if (!hasClientAuth) {
    requirePrivateKey(req, keys.privateKey);
    return 'basic';
  }

  if (!fields.publicKey) throw new ImageKitError(400, MESSAGES.missing('publicKey'));
  if (!digestsEqual(fields.publicKey, keys.publicKey)) throw new ImageKitError(403, MESSAGES.cannotAuthenticate); // public: its length is no secret
  if (!fields.signature) throw new ImageKitError(400, MESSAGES.missing('signature'));
  if (!fields.token) throw new ImageKitError(400, MESSAGES.missing('token'));
  if (!fields.expire) throw new ImageKitError(400, MESSAGES.missing('expire'));

  const expire = /^\d{1,12}$/.test(fields.expire) ? Number(fields.expire) : NaN;
  const now = Date.now() / 1000;
  if (!(expire > now && expire < now + 3600)) throw new ImageKitError(400, MESSAGES.expire);

  const expected = createHmac('sha1', keys.privateKey).update(fields.token + fields.expire).digest('hex');
  if (!digestsEqual(fields.signature.toLowerCase(), expected)) throw new ImageKitError(400, MESSAGES.signature);

  // On disk before the upload is answered: with its record, or alone (the upload route).
  if (!tokens.spend(fields.token, expire, req)) throw new ImageKitError(400, MESSAGES.tokenUsed(fields.token));
  return 'signature';
}
