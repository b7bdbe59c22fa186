import { existsSync } from 'node:fs';
import { chromium } from 'playwright';

/** Playwright's own Chromium when it has one, else CHROME_PATH, else Debian's /usr/bin/chromium. */
export function chromiumPath(): string | undefined {
  if (process.env.CHROME_PATH) return process.env.CHROME_PATH;
  const own = chromium.executablePath();
  if (own && existsSync(own)) return undefined;
  return '/usr/bin/chromium';
}

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-dev-shm-usage',
  // The camera: two fake devices (a test pattern each, so switching can be tried), permission given without a prompt.
  '--use-fake-device-for-media-stream=device-count=2',
  '--use-fake-ui-for-media-stream',
];
