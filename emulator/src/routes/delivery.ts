import type { Route } from '../router.js';
import { urlEndpointsOf } from '../account.js';
import { deliveryAnalyticsOf } from '../analytics.js';
import { ImageKitError } from '../http.js';
import { namedTransformationsOf } from '../named-transformations.js';
import { THUMBNAIL_PREFIX } from '../file-object.js';
import type { FileStore } from '../store.js';

const BUILT_IN = THUMBNAIL_PREFIX.slice('/tr:n-'.length);

/**
 * A transformation chain with each `n-<name>` of a named transformation (named-transformations.ts)
 * replaced by its transformation string; a disabled one fails, as ImageKit fails it at delivery.
 * Unknown names are left for the file server, which refuses what it cannot apply.
 */
async function expandNamed(store: FileStore, chain: string): Promise<string> {
  if (!/(^|[,:])n-/.test(chain)) return chain;
  const named = await namedTransformationsOf(store).list();
  return chain
    .split(':')
    .map((group) =>
      group
        .split(',')
        .map((step) => {
          const name = /^n-(.+)$/.exec(step)?.[1];
          const found = name && name !== BUILT_IN ? named.find((n) => n.name === name) : undefined;
          if (!found) return step;
          // Inferred wording: ImageKit documents only that such requests fail.
          if (!found.enabled) throw new ImageKitError(400, `The named transformation ${name} is disabled.`);
          return found.transformation;
        })
        .join(','),
    )
    .join(':');
}

/**
 * Wraps the route that serves files under the URL endpoint: a path that starts with the
 * `urlPrefix` of a URL endpoint made through the URL endpoints API is served as the media
 * library's file under it (as ImageKit's endpoints without origins do); `n-<name>` steps of
 * named transformations become their transformation strings; and every answer is counted for
 * the usage and analytics APIs (analytics.ts).
 */
export function withDelivery(serve: Route): Route {
  return async (req, res, ctx) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const endpoint = new URL(ctx.options.urlEndpoint);
    const base = endpoint.pathname.replace(/\/$/, '');
    const { pathname } = ctx.url;
    if (!pathname.startsWith(`${base}/`)) return false;

    let routed = ctx;
    let endpointName = 'Default';
    const first = pathname.slice(base.length + 1).split('/')[0]!;
    if (first !== '' && !first.startsWith('tr:') && !first.startsWith('tr,')) {
      const match = (await urlEndpointsOf(ctx.store).list()).find((e) => e.urlPrefix === first && e.id !== 'default');
      if (match) {
        endpointName = String(match.description);
        const stripped = base + pathname.slice(base.length + 1 + first.length);
        const url = new URL(ctx.url);
        url.pathname = stripped;
        routed = { ...ctx, url };
        // The signature of a signed URL covers the path relative to its own endpoint.
        req.url = stripped + url.search;
      }
    }
    const inPath = /^\/tr[:,]([^/]*)(\/.*)$/.exec(routed.url.pathname.slice(base.length));
    const inQuery = routed.url.searchParams.get('tr');
    const transformation = inPath ? `tr:${inPath[1]}` : inQuery ? `tr:${inQuery}` : undefined;
    res.once('finish', () => {
      const length = Number(res.getHeader('Content-Length') ?? 0);
      ctx.background.run('counting a delivery', () =>
        deliveryAnalyticsOf(ctx.store).record({
          status: res.statusCode,
          bytes: req.method === 'HEAD' || !Number.isFinite(length) ? 0 : length,
          mime: res.getHeader('Content-Type')?.toString(),
          url: endpoint.origin + pathname,
          transformation: transformation?.replace(/^tr,/, 'tr:'),
          referrer: req.headers.referer,
          userAgent: req.headers['user-agent'],
          urlEndpoint: endpointName,
        }),
      );
    });
    const expandedPath = inPath && (await expandNamed(ctx.store, inPath[1]!));
    const expandedQuery = inQuery && (await expandNamed(ctx.store, inQuery));
    if ((inPath && expandedPath !== inPath[1]) || (inQuery && expandedQuery !== inQuery)) {
      // Only the URL the file server reads changes: a signature still covers the URL as sent.
      const url = new URL(routed.url);
      if (inPath) url.pathname = `${base}/tr:${expandedPath}${inPath[2]}`;
      if (inQuery) url.searchParams.set('tr', expandedQuery!);
      routed = { ...routed, url };
    }
    return serve(req, res, routed);
  };
}
