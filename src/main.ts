import { mount } from 'svelte';
import Root from './ui/Root.svelte';
import { createAppState } from './state/app.svelte';
import { chatExample } from './examples';
import './ui/global.css';

const app = createAppState(chatExample);
mount(Root, { target: document.getElementById('app')!, props: { app } });
