import type { FileStore } from './store.js';
import type { Collection } from './collection.js';

/**
 * Delivery counters behind `GET /v1/accounts/usage` (bandwidth) and
 * `GET /v1/accounts/usage-analytics`: every answer under the URL endpoint is counted, per UTC
 * day, by status, content type, URL, transformation, referrer, user agent and URL endpoint.
 * One small document per day (`docs/delivery-analytics/<YYYY-MM-DD>.json`), saved after the
 * response, with the requests arriving during a save sharing the next one. A crash can lose
 * the counts of the last moments, never a file. Each breakdown keeps at most MAX_KEYS distinct
 * keys a day; later ones are counted under "(other)".
 */

export interface Counter {
  requestCount: number;
  bandwidthBytes: number;
}

export interface DayStats {
  /** The UTC day, `YYYY-MM-DD`. */
  id: string;
  requestCount: number;
  bandwidthBytes: number;
  statusCodes: Record<string, number>;
  formats: Record<string, Counter>;
  images: Record<string, Counter>;
  videos: Record<string, Counter>;
  others: Record<string, Counter>;
  notFound: Record<string, number>;
  imageTransforms: Record<string, Counter>;
  videoTransforms: Record<string, Counter>;
  referrers: Record<string, Counter>;
  userAgents: Record<string, Counter>;
  urlEndpoints: Record<string, Counter>;
}

export interface Delivery {
  status: number;
  bytes: number;
  mime: string | undefined;
  url: string;
  transformation: string | undefined;
  referrer: string | undefined;
  userAgent: string | undefined;
  urlEndpoint: string;
  at?: number;
}

const COLLECTION = 'delivery-analytics';
const MAX_KEYS = 1000;
const OTHER = '(other)';
const TOP = 10;

function emptyDay(id: string): DayStats {
  return {
    id,
    requestCount: 0,
    bandwidthBytes: 0,
    statusCodes: {},
    formats: {},
    images: {},
    videos: {},
    others: {},
    notFound: {},
    imageTransforms: {},
    videoTransforms: {},
    referrers: {},
    userAgents: {},
    urlEndpoints: {},
  };
}

function keyIn(map: Record<string, unknown>, key: string): string {
  return key in map || Object.keys(map).length < MAX_KEYS ? key : OTHER;
}

function add(map: Record<string, Counter>, key: string, bytes: number): void {
  const k = keyIn(map, key);
  const counter = (map[k] ??= { requestCount: 0, bandwidthBytes: 0 });
  counter.requestCount++;
  counter.bandwidthBytes += bytes;
}

class DeliveryAnalytics {
  readonly #days: Collection<DayStats>;
  #cache = new Map<string, DayStats>();
  #dirty = new Set<string>();
  #saving: Promise<void> | undefined;

  constructor(store: FileStore) {
    this.#days = store.collection<DayStats>(COLLECTION);
  }

  async #day(id: string): Promise<DayStats> {
    let day = this.#cache.get(id);
    if (!day) {
      day = (await this.#days.get(id)) ?? emptyDay(id);
      // Another request may have made it while this one read.
      day = this.#cache.get(id) ?? day;
      this.#cache.set(id, day);
    }
    return day;
  }

  async record(delivery: Delivery): Promise<void> {
    const id = new Date(delivery.at ?? Date.now()).toISOString().slice(0, 10);
    const day = await this.#day(id);
    const bytes = delivery.bytes;
    day.requestCount++;
    day.bandwidthBytes += bytes;
    const status = keyIn(day.statusCodes, String(delivery.status));
    day.statusCodes[status] = (day.statusCodes[status] ?? 0) + 1;
    if (delivery.status === 404) {
      const url = keyIn(day.notFound, delivery.url);
      day.notFound[url] = (day.notFound[url] ?? 0) + 1;
    }
    const mime = delivery.mime?.split(';')[0]?.trim();
    if (mime) add(day.formats, mime, bytes);
    if (delivery.status < 400 && mime) {
      const kind = mime.startsWith('image/') ? day.images : mime.startsWith('video/') ? day.videos : day.others;
      add(kind, delivery.url, bytes);
      if (delivery.transformation) add(mime.startsWith('video/') ? day.videoTransforms : day.imageTransforms, delivery.transformation, bytes);
    }
    if (delivery.referrer) add(day.referrers, delivery.referrer, bytes);
    if (delivery.userAgent) add(day.userAgents, delivery.userAgent, bytes);
    add(day.urlEndpoints, delivery.urlEndpoint, bytes);
    this.#dirty.add(id);
    await this.#save();
  }

  #save(): Promise<void> {
    this.#saving ??= (async () => {
      try {
        while (this.#dirty.size > 0) {
          const ids = [...this.#dirty];
          this.#dirty.clear();
          for (const id of ids) await this.#days.put(structuredClone(this.#cache.get(id)!));
        }
      } finally {
        this.#saving = undefined;
      }
    })();
    return this.#saving;
  }

  /** Every day in [start, end) (UTC midnights in ms) that had deliveries. */
  async between(start: number, end: number): Promise<DayStats[]> {
    await this.#saving;
    const first = new Date(start).toISOString().slice(0, 10);
    const last = new Date(end - 1).toISOString().slice(0, 10);
    const stored = (await this.#days.list()).filter((d) => d.id >= first && d.id <= last);
    return stored.map((d) => this.#cache.get(d.id) ?? d);
  }
}

const instances = new WeakMap<FileStore, DeliveryAnalytics>();

export function deliveryAnalyticsOf(store: FileStore): DeliveryAnalytics {
  let analytics = instances.get(store);
  if (!analytics) instances.set(store, (analytics = new DeliveryAnalytics(store)));
  return analytics;
}

function merge(days: DayStats[], pick: (d: DayStats) => Record<string, Counter>): Record<string, Counter> {
  const out: Record<string, Counter> = {};
  for (const day of days) {
    for (const [key, c] of Object.entries(pick(day))) {
      const counter = (out[key] ??= { requestCount: 0, bandwidthBytes: 0 });
      counter.requestCount += c.requestCount;
      counter.bandwidthBytes += c.bandwidthBytes;
    }
  }
  return out;
}

function ranked(map: Record<string, Counter>): { byBandwidth: Array<Counter & { name: string }>; byRequests: Array<Counter & { name: string }> } {
  const entries = Object.entries(map).map(([name, c]) => ({ name, requestCount: c.requestCount, bandwidthBytes: c.bandwidthBytes }));
  const by = (key: keyof Counter) =>
    [...entries].sort((a, b) => b[key] - a[key] || a.name.localeCompare(b.name)).slice(0, TOP);
  return { byBandwidth: by('bandwidthBytes'), byRequests: by('requestCount') };
}

function countsOf(days: DayStats[], pick: (d: DayStats) => Record<string, number>): Array<{ name: string; requestCount: number }> {
  const out: Record<string, number> = {};
  for (const day of days) for (const [key, n] of Object.entries(pick(day))) out[key] = (out[key] ?? 0) + n;
  return Object.entries(out)
    .map(([name, requestCount]) => ({ name, requestCount }))
    .sort((a, b) => b.requestCount - a.requestCount || a.name.localeCompare(b.name))
    .slice(0, TOP);
}

/**
 * The usage analytics answer (the shape of `@imagekit/nodejs` 7.11's `UsageAnalyticsResponse`)
 * from the emulator's own deliveries. What a local server cannot know is empty or zero and
 * says so by being empty: no country (loopback has none), no browser or device (user agents
 * are listed as sent, not parsed), no cache (every request is a miss: nothing is cached), no
 * origin errors, extension runs or video processing (none happen).
 */
export function analyticsResponse(days: DayStats[], startDate: string, endDate: string): Record<string, unknown> {
  const requestCount = days.reduce((n, d) => n + d.requestCount, 0);
  const bandwidthBytes = days.reduce((n, d) => n + d.bandwidthBytes, 0);
  const none = { byBandwidth: [], byRequests: [] };
  return {
    startDate,
    endDate,
    generatedAt: new Date().toISOString(),
    requestCount,
    bandwidthBytes,
    cache: { hitCount: 0, missCount: requestCount, errorCount: 0 },
    statusCodes: countsOf(days, (d) => d.statusCodes),
    format: ranked(merge(days, (d) => d.formats)),
    topImages: ranked(merge(days, (d) => d.images)),
    topVideos: ranked(merge(days, (d) => d.videos)),
    topOtherAssets: ranked(merge(days, (d) => d.others)),
    top404Assets: countsOf(days, (d) => d.notFound),
    topImageTransforms: ranked(merge(days, (d) => d.imageTransforms)),
    topVideoTransforms: ranked(merge(days, (d) => d.videoTransforms)),
    topReferrers: ranked(merge(days, (d) => d.referrers)),
    topUserAgents: ranked(merge(days, (d) => d.userAgents)),
    urlEndpoints: ranked(merge(days, (d) => d.urlEndpoints)),
    browser: none,
    device: none,
    country: none,
    errorReasons: [],
    extensions: [],
    videoProcessing: [],
  };
}
