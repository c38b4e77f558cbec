import { describe, expect, it } from 'vitest';
import { MAX_SCALE, MIN_SCALE, Presenter, clampScale } from './presenter.svelte';
import { storedPrefsSlot } from './layout.svelte';
import { PREFS_SCHEMA, memoryStore, prefsKey } from './persistence';

describe('presenter mode', () => {
  it('scales the root font only while active, by the chosen factor', () => {
    const p = new Presenter(storedPrefsSlot(memoryStore(), '/p/', 'presenter'));
    expect(p.active).toBe(false);
    expect(p.rootScale).toBe(1);
    p.setFontScale(1.75);
    expect(p.rootScale).toBe(1);
    p.toggle();
    expect(p.active).toBe(true);
    expect(p.rootScale).toBe(1.75);
  });

  it('keeps the scale between 1.25× and 2×', () => {
    expect(clampScale(1)).toBe(MIN_SCALE);
    expect(clampScale(3)).toBe(MAX_SCALE);
    expect(clampScale(1.62)).toBe(1.6);
    expect(clampScale(Number.NaN)).toBe(1.5);
  });

  it('is remembered across a reload, and unreadable prefs read as off at 1.5×', () => {
    const store = memoryStore();
    const slot = storedPrefsSlot(store, '/p/', 'presenter');
    const a = new Presenter(slot);
    a.setActive(true);
    a.setFontScale(2);
    const b = new Presenter(slot);
    expect(b.active).toBe(true);
    expect(b.fontScale).toBe(2);
    store.setItem(prefsKey('/p/'), JSON.stringify({ schema: PREFS_SCHEMA, presenter: { schema: 7, active: true } }));
    const c = new Presenter(slot);
    expect(c.active).toBe(false);
    expect(c.fontScale).toBe(1.5);
  });
});
