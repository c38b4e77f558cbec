import { describe, expect, it } from 'vitest';
import { isTyping, shortcutFor } from './shortcuts';

const el = (tagName: string, extra: Record<string, unknown> = {}) => ({
  tagName,
  closest: () => null,
  ...extra,
});
const press = (
  key: string,
  target: unknown,
  mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {},
  code?: string,
) => ({
  key,
  code,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  target,
  ...mods,
});

describe('keyboard shortcuts', () => {
  it('opens the list on ? outside text fields', () => {
    expect(shortcutFor(press('?', el('BODY'), { shiftKey: true }))).toBe('shortcuts');
    expect(shortcutFor(press('?', el('BUTTON'), { shiftKey: true }))).toBe('shortcuts');
    expect(shortcutFor(press('?', el('INPUT', { type: 'checkbox' }), { shiftKey: true }))).toBe('shortcuts');
  });

  it('lets ? be typed in inputs, text areas, selects, editable text and Monaco', () => {
    for (const t of [
      el('INPUT', { type: 'text' }),
      el('INPUT', {}),
      el('TEXTAREA'),
      el('SELECT'),
      el('DIV', { isContentEditable: true }),
      el('DIV', { closest: (s: string) => (s === '.monaco-editor' ? {} : null) }),
    ]) {
      expect(isTyping(t)).toBe(true);
      expect(shortcutFor(press('?', t, { shiftKey: true }))).toBeNull();
    }
  });

  it("steps a trainer's deck on Alt+Shift+N and Alt+Shift+B, also in the editor, and leaves plain letters alone", () => {
    expect(shortcutFor(press('N', el('TEXTAREA'), { altKey: true, shiftKey: true }, 'KeyN'))).toBe('deck-next');
    expect(shortcutFor(press('ı', el('BODY'), { altKey: true, shiftKey: true }, 'KeyB'))).toBe('deck-previous');
    expect(shortcutFor(press('N', el('BODY'), { shiftKey: true }, 'KeyN'))).toBeNull();
    expect(shortcutFor(press('n', el('BODY'), { altKey: true, shiftKey: true, ctrlKey: true }, 'KeyN'))).toBeNull();
  });

  it('toggles presenter mode on Alt+Shift+P, also where the layout types another character', () => {
    expect(shortcutFor(press('P', el('TEXTAREA'), { altKey: true, shiftKey: true }, 'KeyP'))).toBe('presenter');
    expect(shortcutFor(press('∏', el('BODY'), { altKey: true, shiftKey: true }, 'KeyP'))).toBe('presenter');
    expect(shortcutFor(press('P', el('BODY'), { shiftKey: true }, 'KeyP'))).toBeNull();
  });
});
