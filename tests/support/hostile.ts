/**
 * What the hostile-input end-to-end tests share: payloads that would run script if any part of
 * the page treated text as markup, a Mermaid directive or a link, and a page instrumented to
 * notice if one did (alert and friends, window errors, a flag every payload tries to set, and
 * any element carrying an event-handler attribute or a javascript: URL appearing in the DOM).
 */
import type { Page } from 'playwright-core';

/** Each tries to set `window.__pwned`; none may. */
export const XSS = [
  '<img src=x onerror="window.__pwned=1">',
  '<script>window.__pwned=1</script>',
  '<svg/onload=window.__pwned=1>',
  '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
  '%%{init: {"securityLevel": "loose", "startOnLoad": true}}%%',
  'click gw call __pwn()',
  'click gw href "javascript:window.__pwned=1"',
  '[click me](javascript:window.__pwned=1)',
  '<a href="javascript:window.__pwned=1">link</a>',
  '**bold** _em_ <b>b</b> `code`',
  '{{constructor.constructor("window.__pwned=1")()}}',
  '${window.__pwned=1} #60; &lt;b&gt;',
] as const;

/** The page's evidence: dialogs, errors and injected markup recorded since it loaded. */
export interface Evidence {
  pwned: unknown;
  dialogs: string[];
  errors: string[];
  injected: string[];
}

/**
 * Instruments every document the page opens (call before `goto`): replaces the dialog functions
 * with recorders, records window errors (a failed `<img src=x>` would show up as a resource error)
 * and watches the DOM for elements with `on*` attributes, `javascript:` URLs, `<script>` with
 * inline text or `<iframe srcdoc>`: none of which the app itself creates.
 */
export async function instrument(page: Page, dialogs: string[]): Promise<void> {
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  await page.addInitScript(() => {
    const w = window as unknown as Record<string, unknown> & { __evidence: Omit<Evidence, 'pwned'> };
    const evidence = { dialogs: [] as string[], errors: [] as string[], injected: [] as string[] };
    w.__evidence = evidence;
    for (const name of ['alert', 'confirm', 'prompt', 'print'])
      w[name] = (...args: unknown[]) => void evidence.dialogs.push(`${name}(${args.join(', ')})`);
    w.__pwn = () => void (w.__pwned = 'called');
    window.addEventListener(
      'error',
      (e) => {
        const t = e.target as Element | null;
        evidence.errors.push(
          t && t !== (window as unknown) && 'outerHTML' in t ? `resource: ${t.outerHTML.slice(0, 200)}` : e.message,
        );
      },
      true,
    );
    const check = (el: Element) => {
      for (const a of Array.from(el.attributes)) {
        // As the URL parser does: controls and spaces do not hide a javascript: URL.
        // eslint-disable-next-line no-control-regex
        const v = a.value.replace(/[\u0000-\u0020]/g, '').toLowerCase();
        if (
          /^on/i.test(a.name) ||
          ((a.name === 'href' || a.name === 'src' || a.name.endsWith(':href')) && v.startsWith('javascript:'))
        )
          evidence.injected.push(`<${el.tagName.toLowerCase()} ${a.name}="${a.value.slice(0, 80)}">`);
      }
      if (el.tagName === 'IFRAME' && el.hasAttribute('srcdoc') && !el.hasAttribute('sandbox'))
        evidence.injected.push('<iframe srcdoc> without sandbox');
      if (el.tagName === 'SCRIPT' && /__pwned|__pwn/.test(el.textContent ?? ''))
        evidence.injected.push('<script> with payload');
    };
    new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === 'attributes' && r.target instanceof Element) check(r.target);
        for (const n of Array.from(r.addedNodes))
          if (n instanceof Element) {
            check(n);
            for (const el of Array.from(n.querySelectorAll('*'))) check(el);
          }
      }
    }).observe(document, { subtree: true, childList: true, attributes: true });
  });
}

/** What happened in the page so far. */
export function evidence(page: Page): Promise<Evidence> {
  return page.evaluate(() => {
    const w = window as unknown as { __pwned?: unknown; __evidence: Omit<Evidence, 'pwned'> };
    return { pwned: w.__pwned, ...w.__evidence };
  });
}

/** Nothing ran: no flag, no dialog, no error, nothing injected. */
export const CLEAN: Evidence = { pwned: undefined, dialogs: [], errors: [], injected: [] };

/** Elements matching `tags` inside `selector`: where the app writes plain text, a payload's markup would show up here. */
export function markupIn(
  page: Page,
  selector: string,
  tags = 'img, script, iframe, a[href], b, strong, em',
): Promise<string[]> {
  return page.evaluate(
    ([sel, t]) =>
      Array.from(document.querySelectorAll(sel)).flatMap((root) =>
        Array.from(root.querySelectorAll(t)).map((e) => e.outerHTML.slice(0, 120)),
      ),
    [selector, tags] as const,
  );
}
