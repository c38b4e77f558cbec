/**
 * What the build writes into the service worker (vite-plugins/offline-site.ts) and the worker
 * reads (./site-cache.ts): shared here without DOM types, as the build runs in Node.
 */
export interface OfflineManifest {
  /** Changes whenever any file changes: names this build's cache. */
  version: string;
  /** `path → hash`: each file of the site, relative to its folder, and its content's hash. */
  files: Record<string, string>;
}

/** Hashes are this many hex characters of the content's sha-256 (128 bits). */
export const HASH_LENGTH = 32;
