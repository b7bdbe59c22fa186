// `ik-uploader/server`: what your server needs to let the browser upload, and nothing for the browser.
// Edge runtimes without node:crypto import `ik-uploader/server/fetch` instead.
export {
  getAuthenticationParameters,
  createAuthHandler,
  createExpressAuthHandler,
  type AuthenticationParameters,
  type AuthHandlerOptions,
} from './auth.js';
export * from './fetch.js';
