// What the demo server adds to Vite for the framework demos and the CMS screen.
import type { Plugin, PluginOption } from 'vite';
import react from '@vitejs/plugin-react';
import vue from '@vitejs/plugin-vue';
import { CMS_ENDPOINT, cmsEndpoint } from './cms-endpoint.js';

export function demoPlugins(): PluginOption[] {
  const cms: Plugin = {
    name: 'ik-demo-cms',
    configureServer(server) {
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
