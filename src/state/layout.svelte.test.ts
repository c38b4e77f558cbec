import { describe, expect, it } from 'vitest';
import {
  LayoutState,
  SPLITS,
  clampSize,
  keyStep,
  readLayoutPrefs,
  storedPrefsSlot,
  type PrefsSlot,
} from './layout.svelte';
import { PREFS_SCHEMA, loadPrefs, memoryStore, prefsKey, savePrefs } from './persistence';

/** A slot that remembers what was written, like the page's prefs. */
function memorySlot(initial: unknown = null): PrefsSlot & { value: unknown } {
  const slot = {
    value: initial,
    read: () => slot.value,
    write: (v: unknown) => void (slot.value = JSON.parse(JSON.stringify(v))),
  };
  return slot;
}

describe('layout sizes', () => {
  it('clamps a width into the splitter’s limits, and reads nonsense as the default', () => {
    expect(clampSize('lesson', 5)).toBe(SPLITS.lesson.min);
    expect(clampSize('lesson', 99)).toBe(SPLITS.lesson.max);
    expect(clampSize('lesson', 33.33)).toBe(33.3);
    expect(clampSize('lesson', Number.NaN)).toBe(SPLITS.lesson.normal);
  });

  it('moves by a step with the arrow keys, a big step with Shift or Page keys, and to the ends with Home and End', () => {
    expect(keyStep('lessonWork', 50, 'ArrowRight')).toBe(52);
    expect(keyStep('lessonWork', 50, 'ArrowLeft')).toBe(48);
    expect(keyStep('lessonWork', 50, 'ArrowLeft', true)).toBe(40);
    expect(keyStep('lessonWork', 50, 'PageUp')).toBe(60);
    expect(keyStep('lessonWork', 50, 'Home')).toBe(SPLITS.lessonWork.min);
    expect(keyStep('lessonWork', 50, 'End')).toBe(SPLITS.lessonWork.max);
    expect(keyStep('lessonWork', SPLITS.lessonWork.max, 'ArrowRight')).toBe(SPLITS.lessonWork.max);
    expect(keyStep('lessonWork', 50, 'a')).toBeNull();
  });

  it('keeps the diagram its share when the playground’s two columns grow', () => {
    const layout = new LayoutState(memorySlot());
    layout.setSize('left', 55);
    layout.setSize('middle', 55);
    expect(layout.size('left') + layout.size('middle')).toBeLessThanOrEqual(80);
    expect(layout.size('middle')).toBeGreaterThanOrEqual(SPLITS.middle.min);
  });

  it('remembers sizes, collapsed panels and the lesson tab across a reload', () => {
    const slot = memorySlot();
    const a = new LayoutState(slot);
    expect(a.key('lessonWork', 'ArrowRight')).toBe(true);
    a.toggle('bottom');
    a.tab = 'clients';
    const b = new LayoutState(slot);
    expect(b.size('lessonWork')).toBe(SPLITS.lessonWork.normal + 2);
    expect(b.collapsed('bottom')).toBe(true);
    expect(b.tab).toBe('clients');
    b.toggle('bottom');
    expect(new LayoutState(slot).collapsed('bottom')).toBe(false);
  });

  it('keeps a presenter profile apart: the projector hides the API column and the logs, and its widths do not change the desk’s', () => {
    let presenting = false;
    const slot = memorySlot();
    const layout = new LayoutState(slot, () => (presenting ? 'presenter' : 'normal'));
    expect(layout.collapsed('left')).toBe(false);
    presenting = true;
    const fresh = new LayoutState(slot, () => 'presenter');
    expect(fresh.collapsed('left')).toBe(true);
    expect(fresh.collapsed('bottom')).toBe(true);
    layout.setSize('middle', 40);
    presenting = false;
    expect(layout.size('middle')).toBe(SPLITS.middle.normal);
  });

  it('reads stored prefs of another schema, or with wrong fields, as the defaults', () => {
    expect(readLayoutPrefs({ schema: 99, tab: 'api' }).tab).toBe('code');
    const odd = readLayoutPrefs({
      schema: 1,
      normal: { sizes: { lesson: 'wide', left: 200 }, collapsed: ['x', 'api'] },
      tab: 'nope',
    });
    expect(odd.normal.sizes.lesson).toBe(SPLITS.lesson.normal);
    expect(odd.normal.sizes.left).toBe(SPLITS.left.max);
    expect(odd.normal.collapsed).toEqual(['api']);
    expect(odd.tab).toBe('code');
  });

  it('keeps the layout in the page’s prefs beside other preferences; unreadable prefs read as defaults', () => {
    const store = memoryStore();
    store.setItem(prefsKey('/p/'), JSON.stringify({ schema: PREFS_SCHEMA, startHereDismissedAt: 5 }));
    const slot = storedPrefsSlot(store, '/p/', 'layout');
    new LayoutState(slot).setSize('lesson', 40);
    const saved = JSON.parse(store.getItem(prefsKey('/p/'))!);
    expect(saved.normal).toBeUndefined();
    expect(saved.layout.normal.sizes.lesson).toBe(40);
    expect(saved.startHereDismissedAt).toBe(5);
    // Another preference saved later keeps the layout.
    savePrefs(store, '/p/', { ...loadPrefs(store, '/p/'), startHereDismissedAt: 6 });
    expect(new LayoutState(slot).size('lesson')).toBe(40);
    store.setItem(prefsKey('/p/'), '{not json');
    expect(new LayoutState(slot).size('lesson')).toBe(SPLITS.lesson.normal);
  });
});
