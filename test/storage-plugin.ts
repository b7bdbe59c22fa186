import type { TestRunnerPlugin } from '@web/test-runner';
import type { CDPSession, Page } from 'playwright';

// One DevTools session per page, kept open: the override lasts only as long as its session.
const sessions = new WeakMap<Page, Promise<CDPSession>>();

export interface StoragePayload {
  /** Bytes the test page's origin may store (IndexedDB included); null gives back the browser's own quota. */
  quota: number | null;
}

/**
 * `executeServerCommand('storage-quota', { quota })`: a small storage quota for the test page's
 * origin, through DevTools (Storage.overrideQuotaForOrigin), so a test meets a full quota for real.
 */
export function storagePlugin(): TestRunnerPlugin<StoragePayload> {
  return {
    name: 'storage-quota-command',
    async executeCommand({ command, payload, session }) {
      if (command !== 'storage-quota') return undefined;
      if (session.browser.type !== 'playwright') throw new Error('the storage-quota command needs the Playwright launcher');
      const page = (session.browser as unknown as { getPage(id: string): Page }).getPage(session.id);
      if (!sessions.has(page)) sessions.set(page, page.context().newCDPSession(page));
      const cdp = await sessions.get(page)!;
      const origin = new URL(page.url()).origin;
      await cdp.send('Storage.overrideQuotaForOrigin', payload?.quota == null ? { origin } : { origin, quotaSize: payload.quota });
      return true;
    },
  };
}
