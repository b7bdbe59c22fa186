import type { TestRunnerPlugin } from '@web/test-runner';
import type { CDPSession, Page } from 'playwright';

// One DevTools session per page: throttling set through one session is lifted through the same.
const sessions = new WeakMap<Page, Promise<CDPSession>>();

export interface NetworkPayload {
  /** DevTools throttling: added latency and bandwidth in kbit/s; null stops throttling. */
  throttle?: { latencyMs: number; uploadKbps: number; downloadKbps: number } | null;
}

/**
 * `executeServerCommand('network', { throttle })`: a slow network for the test page, through
 * DevTools, so measurements see a real uplink's bandwidth and latency. (Going fully offline this
 * way would also cut the test runner's own socket.)
 */
export function networkPlugin(): TestRunnerPlugin<NetworkPayload> {
  return {
    name: 'network-command',
    async executeCommand({ command, payload, session }) {
      if (command !== 'network') return undefined;
      if (session.browser.type !== 'playwright') throw new Error('the network command needs the Playwright launcher');
      const page = (session.browser as unknown as { getPage(id: string): Page }).getPage(session.id);
      if (payload?.throttle !== undefined) {
        if (!sessions.has(page)) sessions.set(page, page.context().newCDPSession(page));
        const cdp = await sessions.get(page)!;
        const t = payload.throttle;
        await cdp.send('Network.emulateNetworkConditions', {
          offline: false,
          latency: t?.latencyMs ?? 0,
          uploadThroughput: t ? (t.uploadKbps * 1000) / 8 : -1,
          downloadThroughput: t ? (t.downloadKbps * 1000) / 8 : -1,
        });
      }
      return true;
    },
  };
}
