/**
 * The page's side of the offline copy (the worker's is ./service-worker.ts): once the page is
 * idle it asks the worker to cache the whole build, and when a new build has been deployed and
 * cached (a worker waiting) it shows the update banner. The new build takes over only when the
 * learner presses "Reload to update": until then this page, and any reload of it, keep the build
 * they started with, so nothing ever runs half old, half new.
 */
import { mount } from 'svelte';
import UpdateBanner from '../ui/UpdateBanner.svelte';
import type { OfflineRequest } from './service-worker';

/** How often an open page asks whether a new build was deployed (a workshop tab stays open all day). */
const UPDATE_CHECK_MS = 30 * 60_000;

/**
 * The fill (the whole build, ≈19 MB) starts this long after the page has loaded, and then when
 * idle: it must not compete with the editor and diagram loading on a busy laptop, and short visits
 * (tests, benchmarks) never need it.
 */
const FILL_DELAY_MS = 15_000;

const send = (worker: ServiceWorker, message: OfflineRequest) => worker.postMessage(message);

export function startOffline(): void {
  // Plain-http origins have no service worker (MSW runs in fallback mode): nothing to keep offline.
  if (!('serviceWorker' in navigator)) return;
  const container = navigator.serviceWorker;
  void container.ready.then((registration) => {
    // Not in a measured session (`npm run bench` opens `?instrument`, src/state/instrument.ts): the
    // download would be measured with the page.
    if (!new URLSearchParams(location.search).has('instrument'))
      whenIdle(() => {
        if (registration.active) send(registration.active, { type: 'offline:fill' });
      });
    let banner: ReturnType<typeof mount> | undefined;
    const offer = (worker: ServiceWorker) => {
      // No controller: the page is not on any build's copy yet, nothing to switch from.
      if (banner || !container.controller) return;
      banner = mount(UpdateBanner, {
        target: document.body,
        anchor: document.body.firstChild ?? undefined,
        props: { onreload: () => reloadInto(worker) },
      });
    };
    const track = (worker: ServiceWorker | null) =>
      worker?.addEventListener('statechange', () => {
        if (worker.state === 'installed') offer(worker);
      });
    if (registration.waiting) offer(registration.waiting);
    // The browser checks for a new worker as the page loads: it may be installing already.
    track(registration.installing);
    registration.addEventListener('updatefound', () => track(registration.installing));
    const check = () => void registration.update().catch(() => {});
    setInterval(check, UPDATE_CHECK_MS);
    addEventListener('online', check);
  });
}

function reloadInto(worker: ServiceWorker): void {
  // Another tab may have switched already: this one only has to reload.
  if (worker.state === 'activated') {
    location.reload();
    return;
  }
  navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
  send(worker, { type: 'offline:activate' });
}

function whenIdle(run: () => void): void {
  const idle = () =>
    typeof requestIdleCallback === 'function' ? requestIdleCallback(run, { timeout: 10_000 }) : setTimeout(run, 2000);
  const later = () => setTimeout(idle, FILL_DELAY_MS);
  if (document.readyState === 'complete') later();
  else addEventListener('load', later, { once: true });
}
