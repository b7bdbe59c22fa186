import { createApp } from 'vue';
import '../../src/ik-uploader.js'; // defines <ik-uploader>
import App from './App.vue';

const mount = document.getElementById('app')!;
const { publicKey, authEndpoint, uploadEndpoint } = mount.dataset as Record<string, string>;
createApp(App, { publicKey, authEndpoint, uploadEndpoint }).mount(mount);
