import { createApp } from 'vue';
import '../../src/ik-uploader.js'; // defines <ik-uploader>
import type {} from '../../src/vue/index.js'; // its props and events, for Vue's type checker
import App from './App.vue';

const mount = document.getElementById('app')!;
const { publicKey, authEndpoint, uploadEndpoint } = mount.dataset as Record<string, string>;
createApp(App, { publicKey, authEndpoint, uploadEndpoint }).mount(mount);
