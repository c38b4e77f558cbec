/**
 * The site's service worker, ahead of MSW's in the same script (one registration per scope: a
 * second worker would take MSW's place). vite-plugins/offline-site.ts writes dist/mockServiceWorker.js
 * as: the build's manifest (`self.__AGP_OFFLINE__ = …`), this file bundled, then MSW's worker
 * verbatim. Listeners run in the order they were added, so every listener here sees an event
 * before MSW's, and stops it from reaching MSW when it is the site's own business:
 *
 * - fetch: the site's files come from the offline cache (./site-cache.ts) without a round trip to
 *   the page's main thread, which is where MSW asks what to do with every request; the fake
 *   gateway's URLs (other origins) go on to MSW.
 * - install: MSW's handler calls skipWaiting(), which would switch open pages to a new build
 *   in the middle of their session; here a new build waits until the learner reloads.
 * - message: `offline:fill` (cache the whole build; answered on the port sent with it) and
 *   `offline:activate` (the learner chose to reload into the waiting build).
 */
import type { OfflineManifest } from './manifest';
import { createSiteCache, type FillReport } from './site-cache';

/** What this file uses of the ServiceWorkerGlobalScope (the page's DOM types do not include it). */
interface WorkerEvent extends Event {
  waitUntil(work: Promise<unknown>): void;
}
interface WorkerFetchEvent extends WorkerEvent {
  request: Request;
  respondWith(response: Promise<Response>): void;
}
interface WorkerMessageEvent extends WorkerEvent {
  data: unknown;
  ports: readonly MessagePort[];
}
declare const self: {
  __AGP_OFFLINE__: OfflineManifest;
  registration: { scope: string; active: unknown; unregister(): Promise<boolean> };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: WorkerEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: WorkerFetchEvent) => void): void;
  addEventListener(type: 'message', listener: (event: WorkerMessageEvent) => void): void;
};

/** Messages the page sends (src/offline/page.ts). */
export type OfflineRequest = { type: 'offline:fill' } | { type: 'offline:activate' };
/** The answer to `offline:fill`, on the port sent with it. */
export type OfflineFillAnswer = ({ ok: true } & FillReport) | { ok: false; error: string };

const site = createSiteCache(self.__AGP_OFFLINE__, {
  caches,
  fetch: (input, init) => fetch(input, init),
  scope: self.registration.scope,
});

// MSW unregisters its worker when its last page closes (so a page without MSW is left alone).
// Here the registration is also the site's offline copy: unregistering it on every reload of the
// last tab would leave the next load (maybe offline) with nothing. MSW stops mocking for closed
// pages either way (it forgets their client ids).
self.registration.unregister = () => Promise.resolve(false);

self.addEventListener('install', (event) => {
  event.stopImmediatePropagation();
  // The first install activates at once (nothing waits for it); an update waits once cached.
  event.waitUntil(site.install(self.registration.active !== null));
});

self.addEventListener('activate', (event) => {
  // MSW's handler (clients.claim()) runs too.
  event.waitUntil(site.activate());
});

self.addEventListener('fetch', (event) => {
  const path = site.route(event.request);
  if (path === null) return;
  event.stopImmediatePropagation();
  event.respondWith(site.respond(event.request, path, (work) => event.waitUntil(work)));
});

self.addEventListener('message', (event) => {
  const data = event.data as Partial<OfflineRequest> | null;
  if (data?.type === 'offline:activate') {
    event.stopImmediatePropagation();
    event.waitUntil(self.skipWaiting());
  } else if (data?.type === 'offline:fill') {
    event.stopImmediatePropagation();
    const [port] = event.ports;
    event.waitUntil(
      site.fill().then(
        (report) => port?.postMessage({ ok: true, ...report } satisfies OfflineFillAnswer),
        (error: unknown) =>
          port?.postMessage({
            ok: false,
            error: error instanceof Error ? error.message : String(error),
          } satisfies OfflineFillAnswer),
      ),
    );
  }
});
