import type { IncomingMessage } from 'node:http';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { basicAuthUser, ImageKitError } from './http.js';
import type { FileStore } from './store.js';

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

/** Compares two secrets in constant time, whatever their lengths. */
export function secretsEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
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

const TOKENS_DOC = 'used-tokens';

/**
 * Tokens already spent by client-side uploads, kept (on disk too) until they expire: after
 * that the expire check refuses any replay anyway.
 */
export class TokenLedger {
  #used = new Map<string, number>();
  #store: FileStore;

  private constructor(store: FileStore) {
    this.#store = store;
  }

  static async open(store: FileStore): Promise<TokenLedger> {
    const ledger = new TokenLedger(store);
    const saved = await store.readDoc<Record<string, number>>(TOKENS_DOC, {});
    for (const [token, expire] of Object.entries(saved)) ledger.#used.set(token, expire);
    return ledger;
  }

  /**
   * Records `token` as used. Returns false if it was used before. Synchronous up to the
   * decision, so of two concurrent requests with one token exactly one gets true.
   */
  spend(token: string, expire: number): { fresh: boolean; saved: Promise<void> } {
    const now = Math.floor(Date.now() / 1000);
    for (const [t, e] of this.#used) if (e < now) this.#used.delete(t);
    if (this.#used.has(token)) return { fresh: false, saved: Promise.resolve() };
    this.#used.set(token, expire);
    return { fresh: true, saved: this.#save() };
  }

  #dirty = false;
  #saving: Promise<void> | undefined;

  /** Saves the ledger; spends arriving during a write share the next one instead of queueing one each. */
  #save(): Promise<void> {
    this.#dirty = true;
    this.#saving ??= (async () => {
      try {
        while (this.#dirty) {
          this.#dirty = false;
          await this.#store.writeDoc(TOKENS_DOC, Object.fromEntries(this.#used));
        }
      } finally {
        this.#saving = undefined;
      }
    })();
    return this.#saving;
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
 * Throws ImageKitError with ImageKit's status and message.
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
  if (!secretsEqual(fields.publicKey, keys.publicKey)) throw new ImageKitError(403, MESSAGES.cannotAuthenticate);
  if (!fields.signature) throw new ImageKitError(400, MESSAGES.missing('signature'));
  if (!fields.token) throw new ImageKitError(400, MESSAGES.missing('token'));
  if (!fields.expire) throw new ImageKitError(400, MESSAGES.missing('expire'));

  const expire = /^\d{1,12}$/.test(fields.expire) ? Number(fields.expire) : NaN;
  const now = Date.now() / 1000;
  if (!(expire > now && expire < now + 3600)) throw new ImageKitError(400, MESSAGES.expire);

  const expected = createHmac('sha1', keys.privateKey).update(fields.token + fields.expire).digest('hex');
  if (!secretsEqual(fields.signature.toLowerCase(), expected)) throw new ImageKitError(400, MESSAGES.signature);

  const { fresh, saved } = tokens.spend(fields.token, expire);
  if (!fresh) throw new ImageKitError(400, MESSAGES.tokenUsed(fields.token));
  await saved;
  return 'signature';
}
