import { describe, expect, it } from 'vitest';
import { StorageHealth } from './persistence-health.svelte';
import { prefsKey, setAsideText, storageKeys } from './persistence';
import { progressKey } from './lesson-progress';
import { memoryStore } from './test-environment';

const full = () => {
  const inner = memoryStore();
  let failing = true;
  return {
    inner,
    store: {
      ...inner,
      setItem: (k: string, v: string) => {
        if (failing) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        inner.setItem(k, v);
      },
    },
    heal: () => (failing = false),
  };
};

describe('StorageHealth', () => {
  it('reports a write that fails, naming what is at risk, and still lets the caller see the error', () => {
    const { store } = full();
    const health = new StorageHealth();
    const watched = health.watch(store);
    expect(health.warning).toBeNull();
    expect(() => watched.setItem(storageKeys('/p/').workspace, '{}')).toThrow(/quota/);
    expect(health.warning).toEqual({ blocked: false, atRisk: ['edits'] });
    expect(() => watched.setItem(progressKey('/p/'), '{}')).toThrow();
    expect(health.warning?.atRisk).toEqual(['edits', 'progress']);
  });

  it('warns once: after a dismissal, the same failures stay quiet and only a new kind of loss warns again', () => {
    const { store } = full();
    const health = new StorageHealth();
    const watched = health.watch(store);
    expect(() => watched.setItem(storageKeys('/p/').workspace, '{}')).toThrow();
    health.dismissWarning();
    expect(health.warning).toBeNull();
    expect(() => watched.setItem(storageKeys('/p/').workspace, '{"again":1}')).toThrow();
    expect(health.warning).toBeNull();
    expect(() => watched.setItem(prefsKey('/p/'), '{}')).toThrow();
    expect(health.warning?.atRisk).toEqual(['edits', 'preferences']);
  });

  it('forgets a failure once the same kind of write succeeds again (space was freed)', () => {
    const { store, heal } = full();
    const health = new StorageHealth();
    const watched = health.watch(store);
    expect(() => watched.setItem(storageKeys('/p/').workspace, '{}')).toThrow();
    heal();
    watched.setItem(storageKeys('/p/').workspace, '{}');
    expect(health.warning).toBeNull();
  });

  it('blocked storage puts everything at risk from the start', () => {
    const health = new StorageHealth(true);
    expect(health.warning).toEqual({ blocked: true, atRisk: ['edits', 'progress', 'preferences'] });
    health.dismissWarning();
    expect(health.warning).toBeNull();
  });

  it('lists every backup written through it with its text, except the workspace’s own (it has its notice)', () => {
    const store = memoryStore();
    const health = new StorageHealth();
    const watched = health.watch(store);
    store.setItem(progressKey('/p/'), 'not json');
    const backupKey = setAsideText(watched, progressKey('/p/'), 'not json', () => 42);
    expect(backupKey).toBe(`${progressKey('/p/')}.unreadable.42`);
    setAsideText(watched, storageKeys('/p/').workspace, '{}', () => 43);
    expect(health.setAside).toEqual([{ what: 'progress', backupKey, text: 'not json' }]);
    health.dismissSetAside(backupKey!);
    expect(health.setAside).toEqual([]);
    // Dismissing the notice deletes nothing.
    expect(store.getItem(backupKey!)).toBe('not json');
  });

  it('ignores keys that are not the page’s own', () => {
    const { store } = full();
    const health = new StorageHealth();
    expect(() => health.watch(store).setItem('msw-something', 'x')).toThrow();
    expect(health.warning).toBeNull();
  });
});
