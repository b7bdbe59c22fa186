// `ik-uploader/server/fetch`: the auth endpoint for edge runtimes (Workers, Next.js edge, Deno, Bun):
// Web APIs only, nothing from node:*.
export { signUpload, createFetchAuthHandler, type FetchAuthHandlerOptions } from './fetch-handler.js';
export { signUploadToken, type UploadTokenOptions } from './upload-token.js';
export { AuthHookTimeoutError, type HookContext } from './handler-core.js';
export { DEFAULT_EXPIRE_SECONDS } from './expiry.js';
export { UPLOAD_PARAMETERS, type UploadPayload, type UploadPayloadInput, type UploadParameter } from './upload-payload.js';
export type { AuthenticationParameters } from './types.js';
