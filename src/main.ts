import { mount } from 'svelte';
import App from './ui/App.svelte';
import { createAppState } from './state/app.svelte';
import { chatExample } from './examples';
import './ui/global.css';

const app = createAppState(chatExample);
mount(App, { target: document.getElementById('app')!, props: { app } });
