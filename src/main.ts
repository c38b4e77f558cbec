import { mount } from 'svelte';
import Root from './ui/Root.svelte';
import { createAppState } from './state/app.svelte';
import { firstEditorShown, preloadEditor } from './adapters/monaco';
import { chatExample } from './examples';
import './ui/global.css';

// Monaco is most of the first load. The built index.html fetches it from the start
// (vite-plugins/preload-editor.ts); it is evaluated right after the shell's first contentful
// paint, in parallel with MSW's start rather than after it (`npm run bench -- --peer`).
preloadEditor();

/**
 * The editor (and the diagram beside it, drawn with the shell) is on screen: a first visit's
 * example deploys after it. A page whose editor panel never mounts deploys after a few seconds.
 */
const firstView = Promise.race([firstEditorShown, new Promise<void>((r) => setTimeout(r, 4000))]).then(
  () => new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r, 0))),
);

const app = createAppState(chatExample, firstView);
mount(Root, { target: document.getElementById('app')!, props: { app } });
// The offline copy and the update banner (src/offline/page.ts): a built site's worker only, after the page has loaded.
if (import.meta.env.PROD)
  addEventListener('load', () => void import('./offline/page').then((m) => m.startOffline()), { once: true });
