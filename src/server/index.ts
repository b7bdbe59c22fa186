// `ik-uploader/server`: what your server needs to let the browser upload, and nothing for the browser.
export {
  getAuthenticationParameters,
  createAuthHandler,
  DEFAULT_EXPIRE_SECONDS,
  type AuthenticationParameters,
  type AuthHandlerOptions,
} from './auth.js';
export { signUpload, createFetchAuthHandler, type FetchAuthHandlerOptions } from './fetch-handler.js';
