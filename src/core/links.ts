/**
 * A link as a file to list: the URL as given (normalised when it parses), and an empty stand-in
 * File named after its last path segment (else its host), sanitised as ImageKit sanitises names.
 * Imports nothing: it loads with the first link (see `addUrls`), and the CDN file has a size budget.
 */
export function linkFile(text: string): { file: File; url: string } {
  let url = text.trim();
  let name = url;
  try {
    const u = new URL(url);
    url = u.href;
    const segment = u.pathname.split('/').filter(Boolean).pop();
    let decoded = segment;
    try {
      decoded = segment && decodeURIComponent(segment);
    } catch {
      // A stray "%": the segment as written.
    }
    name = (decoded || u.hostname).replace(/[^\p{L}\p{M}\p{N}.-]/gu, '_');
  } catch {
    // Not a URL: listed under the text itself, and refused by the checks.
  }
  return { file: new File([], name), url };
}
