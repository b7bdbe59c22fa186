// What the demo server adds to Vite for the framework demos and the CMS screen.
import type { Plugin, PluginOption } from 'vite';
import react from '@vitejs/plugin-react';
import vue from '@vitejs/plugin-vue';
import { CMS_ENDPOINT, cmsEndpoint } from './cms-endpoint.js';
import { EXISTING_ARTICLE_PATH, existingArticle, type ImageKitAccount } from './cms/existing-article.js';

/** `account`: where the CMS demo's existing article keeps its images. */
export function demoPlugins(account: ImageKitAccount): PluginOption[] {
  const existing = existingArticle(account);
  const cms: Plugin = {
    name: 'ik-demo-cms',
    configureServer(server) {
      // Registered first: Connect matches by prefix, and this path starts with CMS_ENDPOINT.
      server.middlewares.use(EXISTING_ARTICLE_PATH, (req, res) => void existing(req, res));
      server.middlewares.use(CMS_ENDPOINT, (req, res) => void cmsEndpoint(req, res));
    },
  };
  return [
    cms,
    react(),
    // Vue leaves <ik-*> tags to the browser instead of looking for a Vue component by that name.
    vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('ik-') } } }),
  ];
}
