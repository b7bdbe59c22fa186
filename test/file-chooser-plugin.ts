import type { TestRunnerPlugin } from '@web/test-runner';
import type { Page } from 'playwright';

export interface FileChooserPayload {
  /** The files the person picks in the next file chooser the page opens. */
  files: { name: string; mimeType: string; size: number }[];
  /** The key pressed on the focused control to open the chooser (default Enter). */
  press?: string;
}

/**
 * `executeServerCommand('file-chooser', { files, press })`: presses a key on the focused control
 * (Enter on the drop zone, say) and answers the file chooser it opens with these files, as a person
 * picking them would, so a keyboard-only test can add files. Resolves once they are picked.
 */
export function fileChooserPlugin(): TestRunnerPlugin<FileChooserPayload> {
  return {
    name: 'file-chooser-command',
    async executeCommand({ command, payload, session }) {
      if (command !== 'file-chooser') return undefined;
      if (session.browser.type !== 'playwright') throw new Error('the file-chooser command needs the Playwright launcher');
      const page = (session.browser as unknown as { getPage(id: string): Page }).getPage(session.id);
      const files = (payload?.files ?? []).map((f) => ({ name: f.name, mimeType: f.mimeType, buffer: Buffer.alloc(f.size, 7) }));
      const chosen = page.waitForEvent('filechooser', { timeout: 10_000 });
      // Waiting for the chooser turns on its interception; a round trip makes sure that reached the
      // browser before the key opens one (else the key can win and open a chooser nobody answers).
      await page.evaluate(() => 0);
      await page.keyboard.press(payload?.press ?? 'Enter');
      await (await chosen).setFiles(files);
      return true;
    },
  };
}
