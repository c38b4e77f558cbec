/**
 * Where a deck's steps lead, and the links handed to the room: a lesson step is the lesson's
 * short link (`#/lessons/<slug>`, with `?class` when the deck hides solutions); a share step is
 * its share link, as long as the setup it carries. Links are the site's own address (its
 * sub-path included) plus the fragment, so they open the same deployment the trainer uses.
 */
import type { Deck, DeckStep } from './schema';

/** What a link can carry to a phone: a QR code's byte capacity at its largest (version 40, level L). */
export const QR_MAX_BYTES = 2953;

/** The fragment a step's room link ends with. */
export function stepFragment(deck: Pick<Deck, 'hideSolutions'>, step: DeckStep): string {
  const t = step.target;
  if (t.kind === 'share') return t.fragment;
  return `#/lessons/${t.slug}${deck.hideSolutions ? '?class' : ''}`;
}

/** The page's address without its fragment: `https://host/some/prefix/` (or `…/index.html?x`). */
export function siteUrl(href: string): string {
  const i = href.indexOf('#');
  return i < 0 ? href : href.slice(0, i);
}

export interface RoomLink {
  url: string;
  /** 'short' for a lesson; 'share' for a share link, whose length is the setup's. */
  kind: 'short' | 'share';
  length: number;
  /** False when no QR code can carry it (longer than QR_MAX_BYTES). */
  fitsQr: boolean;
}

export function roomLink(href: string, deck: Pick<Deck, 'hideSolutions'>, step: DeckStep): RoomLink {
  const url = siteUrl(href) + stepFragment(deck, step);
  return {
    url,
    kind: step.target.kind === 'lesson' ? 'short' : 'share',
    length: url.length,
    fitsQr: new TextEncoder().encode(url).length <= QR_MAX_BYTES,
  };
}

/** The deck's own link (`#/deck/v1.<codec>.<payload>`, `/<n>` for step n counted from 1). */
export function deckFragment(encoded: { codec: string; payload: string }, step?: number): string {
  return `#/deck/v1.${encoded.codec}.${encoded.payload}${step && step > 1 ? `/${step}` : ''}`;
}

/** A step index kept within the deck (0-based). */
export function clampStep(deck: Pick<Deck, 'steps'>, index: number): number {
  if (!Number.isInteger(index)) return 0;
  return Math.min(deck.steps.length - 1, Math.max(0, index));
}
