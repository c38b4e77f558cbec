import { describe, expect, it } from 'vitest';
import { loadPrefs, memoryStore, prefsKey, savePrefs, PREFS_SCHEMA, type KeyValueStore } from './persistence';
import { diagramColours, ThemeState, type Theme } from './theme.svelte';
import { StorageHealth } from './persistence-health.svelte';

/** A media query the test flips, as the system would. */
function fakeMedia(matches = false) {
  const listeners: (() => void)[] = [];
  return {
    query: {
      get matches() {
        return matches;
      },
      addEventListener: (_: 'change', l: () => void) => void listeners.push(l),
    },
    set(v: boolean) {
      matches = v;
      for (const l of listeners) l();
    },
  };
}

function make(opts: { store?: KeyValueStore; dark?: boolean; contrast?: boolean } = {}) {
  const store = opts.store ?? memoryStore();
  const dark = fakeMedia(opts.dark);
  const contrast = fakeMedia(opts.contrast);
  const applied: Theme[] = [];
  const theme = new ThemeState({
    store,
    basePath: '/p/',
    matchMedia: (q) => (q.includes('contrast') ? contrast.query : dark.query),
    apply: (t) => applied.push(t),
  });
  return { theme, store, dark, contrast, applied };
}

describe('ThemeState', () => {
  it('follows the system until the learner chooses: dark, more contrast, or light', () => {
    const { theme, dark, contrast, applied } = make();
    expect(theme.choice).toBe('system');
    expect(theme.theme).toBe('light');
    dark.set(true);
    expect(theme.theme).toBe('dark');
    contrast.set(true);
    expect(theme.theme).toBe('contrast');
    expect(applied).toEqual(['light', 'dark', 'contrast']);
  });

  it("keeps the learner's choice across page loads, in the site's versioned preferences, whatever the system does", () => {
    const first = make();
    savePrefs(first.store, '/p/', { schema: PREFS_SCHEMA, startHereDismissedAt: 7 });
    first.theme.choose('dark');
    expect(JSON.parse(first.store.getItem(prefsKey('/p/'))!)).toEqual({
      schema: PREFS_SCHEMA,
      startHereDismissedAt: 7,
      theme: 'dark',
    });
    const again = make({ store: first.store, contrast: true });
    expect(again.theme.choice).toBe('dark');
    expect(again.theme.theme).toBe('dark');
    again.contrast.set(false);
    expect(again.applied.at(-1)).toBe('dark');
    again.theme.choose('system');
    expect(again.theme.theme).toBe('light');
    expect(loadPrefs(again.store, '/p/')).toEqual({ schema: PREFS_SCHEMA, startHereDismissedAt: 7 });
  });

  it('ignores a saved value it does not know, and still works when storage is blocked', () => {
    const store = memoryStore();
    savePrefs(store, '/p/', { schema: PREFS_SCHEMA, theme: 'neon' });
    expect(make({ store }).theme.choice).toBe('system');
    const blocked: KeyValueStore = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {},
    };
    const { theme, applied } = make({ store: blocked });
    theme.choose('contrast');
    expect(theme.theme).toBe('contrast');
    expect(applied).toEqual(['light', 'contrast']);
  });
});

describe('diagramColours', () => {
  const page: Record<string, string> = { '--bg': '#000001', '--fg': '#000002', '--panel': '#000003' };
  const cssVar = (name: string) => page[name] ?? '#000009';

  it("keeps Mermaid's own default theme on the light page", () => {
    expect(diagramColours('light', cssVar)).toEqual({ theme: 'default' });
  });

  it("draws dark and high-contrast diagrams in the page's own colours, on Mermaid's base theme", () => {
    for (const theme of ['dark', 'contrast'] as const) {
      const { theme: mermaidTheme, variables } = diagramColours(theme, cssVar);
      expect(mermaidTheme).toBe('base');
      expect(variables).toMatchObject({
        darkMode: theme === 'dark',
        background: '#000001',
        actorTextColor: '#000002',
        signalTextColor: '#000002',
        actorBkg: '#000003',
      });
    }
  });
});

describe('saving the theme through the page’s watched store', () => {
  it('reports a theme that cannot be saved as preferences at risk, and keeps it for the page view', () => {
    const health = new StorageHealth();
    const full: KeyValueStore = {
      getItem: () => null,
      removeItem: () => {},
      setItem: () => {
        throw new DOMException('quota', 'QuotaExceededError');
      },
    };
    const { theme } = make({ store: health.watch(full) });
    theme.choose('dark');
    expect(theme.theme).toBe('dark');
    expect(health.warning).toEqual({ blocked: false, atRisk: ['preferences'] });
  });
});
