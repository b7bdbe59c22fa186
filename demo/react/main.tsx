import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';

const root = document.getElementById('root')!;
const { publicKey, authEndpoint, uploadEndpoint } = root.dataset as Record<string, string>;

createRoot(root).render(
  <StrictMode>
    <App publicKey={publicKey!} authEndpoint={authEndpoint!} uploadEndpoint={uploadEndpoint!} />
  </StrictMode>,
);
