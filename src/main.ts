import { mount } from 'svelte';
import Root from './ui/Root.svelte';
import { createAppState } from './state/app.svelte';
import { chatExample } from './examples';
import './ui/global.css';

const app = createAppState(chatExample);
mount(Root, { target: document.getElementById('app')!, props: { app } });
// The offline copy and the update banner (src/offline/page.ts): a built site's worker only, after the page has loaded.
if (import.meta.env.PROD)
  addEventListener('load', () => void import('./offline/page').then((m) => m.startOffline()), { once: true });
