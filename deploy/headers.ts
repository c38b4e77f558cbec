/**
 * The response headers the site is served with on CloudFront (deploy/site.yaml's response
 * headers policy) and in the test that proves the app works under them
 * (tests/e2e/hosting-headers.e2e.test.ts): one list, so the two cannot drift apart
 * (tests/deploy.test.ts checks the template against it).
 *
 * Why each Content-Security-Policy source is there:
 * - script-src 'self': the hashed bundles. The sha256 is the Lambda sandbox frame's inline
 *   bootstrap (src/runtime/sandbox/frame.ts): a `srcdoc` frame inherits the page's policy.
 *   'unsafe-eval': learner handlers are loaded with `new Function` inside data: URL module workers,
 *   and those workers inherit the frame's (so the page's) policy. The frame's own policy then
 *   takes away everything else (no connections, no script URLs).
 * - worker-src 'self' data:: Monaco's language workers and MSW's service worker ('self'), the
 *   sandbox's data: URL workers.
 * - style-src 'unsafe-inline': Mermaid writes <style> into its SVGs; Monaco and Svelte set styles.
 * - img-src data: blob:: Mermaid's icons and the PNG export (an SVG drawn through an <img>).
 * - connect-src: the page's own files, and any https/wss endpoint for real mode; plain http/ws
 *   only to this machine (the local gateway, `npm run gateway`): a page served over https may
 *   not reach other plain-http hosts anyway (mixed content).
 * - frame-ancestors 'none' (and X-Frame-Options DENY for older browsers): nobody frames the site.
 */

/** The sandbox bootstrap's sha256, base64 (tests/deploy.test.ts recomputes it from frame.ts). */
export const SANDBOX_BOOTSTRAP_SHA256 = '8SI5VhceUDN+KT38Mms7Kq0f/y574ar3yO3uYe/1JOI=';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  `script-src 'self' 'sha256-${SANDBOX_BOOTSTRAP_SHA256}' 'unsafe-eval'`,
  "worker-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self' https: wss: http://localhost:* ws://localhost:* http://127.0.0.1:* ws://127.0.0.1:*",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Every security header, as a browser receives it. */
export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
};

/**
 * Cache-Control for a file of the built site (its path relative to dist/): hashed files under
 * assets/ never change, so a year and immutable; everything else (index.html, mockServiceWorker.js,
 * the favicon) is revalidated on every load, so a new deployment is seen at once. For
 * mockServiceWorker.js this matters most: it carries the offline copy's list of files
 * (vite-plugins/offline-site.ts), and a changed one is how open pages learn of a new version.
 */
export function cacheControlFor(path: string): string {
  return path.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
}
