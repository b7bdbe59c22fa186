/** ImageKit's upload endpoints, apart from the XHR client, which loads only with the first upload. */
export const DEFAULT_UPLOAD_ENDPOINT = 'https://upload.imagekit.io/api/v1/files/upload';
export const DEFAULT_UPLOAD_ENDPOINT_V2 = 'https://upload.imagekit.io/api/v2/files/upload';
