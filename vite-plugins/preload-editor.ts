/**
 * `<link rel="modulepreload">` in the built index.html for Monaco (src/adapters/monaco/editor.ts
 * and the chunks it imports statically): the browser fetches and compiles them from the first
 * byte of HTML, in parallel with the shell and MSW's start, instead of when the page's script
 * asks for them. They are evaluated only when main.ts imports them (after the first paint), so
 * the shell paints first. Measured with `npm run bench -- --peer`.
 */
import type { Plugin, Rolldown } from 'vite';

export function preloadEditor(entry = '/src/adapters/monaco/editor.ts'): Plugin {
  return {
    name: 'preload-editor',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle) return [];
        const chunks = Object.values(bundle).filter((c): c is Rolldown.OutputChunk => c.type === 'chunk');
        const editor = chunks.find((c) => c.facadeModuleId?.endsWith(entry));
        if (!editor) throw new Error(`preload-editor: no chunk for ${entry}`);
        // The page's own entry and its static imports are loaded by its script tag already.
        const page = new Set<string>();
        const walk = (file: string, into: Set<string>) => {
          if (into.has(file)) return;
          into.add(file);
          const chunk = bundle[file];
          if (chunk?.type === 'chunk') for (const i of chunk.imports) walk(i, into);
        };
        for (const c of chunks) if (c.isEntry) walk(c.fileName, page);
        const files = new Set<string>();
        walk(editor.fileName, files);
        return [...files]
          .filter((f) => !page.has(f))
          .map((f) => ({
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: `./${f}` },
            injectTo: 'head' as const,
          }));
      },
    },
  };
}
