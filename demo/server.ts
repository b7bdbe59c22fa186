// `npm start`: the demo page on :5173, a demo auth endpoint that signs on the server, and the
// ImageKit emulator, all in one process. With IMAGEKIT_PUBLIC_KEY, IMAGEKIT_PRIVATE_KEY and
// IMAGEKIT_URL_ENDPOINT set, the same page uploads to ImageKit itself instead.
import { createServer as createViteServer, type Plugin } from 'vite';
import { resolve } from 'node:path';
import { createAuthHandler } from '../src/server/auth.js';
import { startEmulator } from '../emulator/src/index.js';
import { demoPlugins } from './plugins.js';

const DEMO_PORT = Number(process.env.PORT ?? 5173);
const AUTH_PATH = '/api/imagekit-auth';
/** The CMS demo's endpoint: upload API V2, where the server decides the folder and the size limit. */
const CMS_TOKEN_PATH = '/api/cms-upload-token';
/** The demo's signed-in editor: a real app takes this from its session. */
const DEMO_USER = 'editor-1';
const root = resolve(import.meta.dirname, '..');

const real = {
  publicKey: process.env.IMAGEKIT_PUBLIC_KEY,
  privateKey: process.env.IMAGEKIT_PRIVATE_KEY,
  urlEndpoint: process.env.IMAGEKIT_URL_ENDPOINT,
};
const useImageKit = Boolean(real.publicKey && real.privateKey && real.urlEndpoint);

interface Target {
  publicKey: string;
  privateKey: string;
  uploadEndpoint: string;
  uploadEndpointV2: string;
  label: string;
  close?: () => Promise<void>;
}

async function target(): Promise<Target> {
  if (useImageKit) {
    return {
      publicKey: real.publicKey!,
      privateKey: real.privateKey!,
      uploadEndpoint: 'https://upload.imagekit.io/api/v1/files/upload',
      uploadEndpointV2: 'https://upload.imagekit.io/api/v2/files/upload',
      label: `ImageKit (${real.urlEndpoint})`,
    };
  }
  const publicKey = 'ik-emulator-public-key';
  const privateKey = 'ik-emulator-private-key';
  const port = Number(process.env.IK_EMULATOR_PORT ?? 3100);
  const emulator = await startEmulator({
    port,
    publicKey,
    privateKey,
    dataDir: process.env.IK_EMULATOR_DATA_DIR ?? resolve(root, '.ik-emulator-data'),
    // The demo page offers a link to a picture on this very server: the emulator may fetch loopback links.
    allowPrivateUrls: true,
  });
  return {
    publicKey,
    privateKey,
    uploadEndpoint: `${emulator.url}/api/v1/files/upload`,
    uploadEndpointV2: `${emulator.url}/api/v2/files/upload`,
    label: `the ImageKit emulator at ${emulator.url}`,
    close: emulator.close,
  };
}

function demoPlugin(t: Target): Plugin {
  const auth = createAuthHandler({ privateKey: t.privateKey });
  // Locking uploads down: whatever the page asks, each editor's files go under their own folder,
  // images only, at most 10 MB, and the token signs exactly that.
  const cmsAuth = createAuthHandler({
    privateKey: t.privateKey,
    publicKey: t.publicKey,
    policy: (_req, payload) => ({
      ...payload,
      folder: `/users/${DEMO_USER}${payload.folder ?? ''}`,
      checks: '"file.size" < "10mb" AND "file.mime" : "image/"',
    }),
  });
  const values: Record<string, string> = {
    '%IK_PUBLIC_KEY%': t.publicKey,
    '%IK_UPLOAD_ENDPOINT%': t.uploadEndpoint,
    '%IK_UPLOAD_ENDPOINT_V2%': t.uploadEndpointV2,
    '%IK_AUTH_ENDPOINT%': AUTH_PATH,
    '%IK_CMS_AUTH_ENDPOINT%': CMS_TOKEN_PATH,
    '%IK_TARGET%': t.label,
  };
  return {
    name: 'ik-demo',
    configureServer(server) {
      server.middlewares.use(CMS_TOKEN_PATH, (req, res) => void cmsAuth(req, res));
      server.middlewares.use(AUTH_PATH, (req, res) => void auth(req, res));
    },
    transformIndexHtml(html) {
      // Values are keys and URLs we made ourselves, but escape them anyway: this is an HTML page.
      const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
      return html.replace(/%IK_[A-Z0-9_]+%/g, (m) => (m in values ? esc(values[m]!) : m));
    },
  };
}

const t = await target();
const vite = await createViteServer({
  root,
  configFile: resolve(root, 'vite.config.ts'),
  server: { port: DEMO_PORT, strictPort: true, host: process.env.HOST ?? 'localhost' },
  plugins: [demoPlugin(t), ...demoPlugins(t)],
});
await vite.listen();

const stop = async () => {
  await vite.close();
  await t.close?.();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
// Printed once the handlers are in: a script that waits for this line may stop us at once.
console.log(`ik-uploader demo on http://localhost:${DEMO_PORT}/ uploading to ${t.label}`);
