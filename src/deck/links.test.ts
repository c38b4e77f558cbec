import { describe, expect, it } from 'vitest';
import { clampStep, deckFragment, QR_MAX_BYTES, roomLink, siteUrl, stepFragment } from './links';
import type { DeckStep } from './schema';

const lesson: DeckStep = {
  title: 'Routing',
  notes: '',
  target: { kind: 'lesson', slug: 'routing-table', solution: true },
};
const share: DeckStep = {
  title: 'Setup',
  notes: '',
  target: { kind: 'share', fragment: '#/share/v1.z.' + 'a'.repeat(200) },
};

describe('links for the room', () => {
  it('gives a lesson step its short link, with ?class when the deck hides solutions (never the solution)', () => {
    expect(stepFragment({ hideSolutions: false }, lesson)).toBe('#/lessons/routing-table');
    expect(stepFragment({ hideSolutions: true }, lesson)).toBe('#/lessons/routing-table?class');
    const link = roomLink('https://example.com/some/prefix/#/deck/v1.z.abc/2', { hideSolutions: true }, lesson);
    expect(link).toEqual({
      url: 'https://example.com/some/prefix/#/lessons/routing-table?class',
      kind: 'short',
      length: 61,
      fitsQr: true,
    });
  });

  it('gives a share step its whole share link, and says when no QR code can carry it', () => {
    const link = roomLink('http://10.0.0.5:8080/index.html?x=1', { hideSolutions: true }, share);
    expect(link.url).toBe(
      `http://10.0.0.5:8080/index.html?x=1${share.target.kind === 'share' ? share.target.fragment : ''}`,
    );
    expect(link.kind).toBe('share');
    expect(link.length).toBe(link.url.length);
    const huge: DeckStep = {
      ...share,
      target: { kind: 'share', fragment: '#/share/v1.z.' + 'a'.repeat(QR_MAX_BYTES) },
    };
    expect(roomLink('https://e.com/', { hideSolutions: false }, huge).fitsQr).toBe(false);
  });

  it('keeps the page address up to its fragment, and steps within the deck', () => {
    expect(siteUrl('https://e.com/p/')).toBe('https://e.com/p/');
    expect(siteUrl('https://e.com/p/?a#/lessons/x')).toBe('https://e.com/p/?a');
    expect(deckFragment({ codec: 'z', payload: 'abc' })).toBe('#/deck/v1.z.abc');
    expect(deckFragment({ codec: 'j', payload: 'abc' }, 1)).toBe('#/deck/v1.j.abc');
    expect(deckFragment({ codec: 'j', payload: 'abc' }, 3)).toBe('#/deck/v1.j.abc/3');
    const deck = { steps: [lesson, share] };
    expect([-1, 0, 1, 2, 1.5, NaN].map((i) => clampStep(deck, i))).toEqual([0, 0, 1, 1, 0, 0]);
  });
});
