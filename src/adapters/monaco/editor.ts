/**
 * Monaco, slim setup: the editor core, TS/JS and JSON only, with workers wired through
 * MonacoEnvironment. Only ever reached through the dynamic import in ./index.ts, so none of
 * it is in the initial bundle.
 */
import * as monaco from 'monaco-editor/editor';
// What a handler editor needs, instead of `features/register.all` (every contribution: colour
// picker, diff editor, inline completions, sticky scroll…): measured in the build,
// the full set made the editor chunk 300 KB gzip, this one 173 KB (and less to evaluate before it shows).
import 'monaco-editor/features/codicon/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import 'monaco-editor/features/parameterHints/register';
import 'monaco-editor/features/gotoError/register';
import 'monaco-editor/features/codeAction/register';
import 'monaco-editor/features/wordOperations/register';
import 'monaco-editor/features/linesOperations/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/wordHighlighter/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/cursorUndo/register';
import 'monaco-editor/features/multicursor/register';
import 'monaco-editor/features/indentation/register';
import 'monaco-editor/features/format/register';
import 'monaco-editor/features/smartSelect/register';
import 'monaco-editor/features/gotoLine/register';
import 'monaco-editor/languages/definitions/typescript/register';
import 'monaco-editor/languages/definitions/javascript/register';
import * as ts from 'monaco-editor/languages/features/typescript/register';
// JSON for lesson inputs (comparison.json) and per-scenario api.json files; its worker loads only
// when such a file is opened.
import 'monaco-editor/languages/features/json/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import TsWorker from 'monaco-editor/languages/features/typescript/ts.worker?worker';
import JsonWorker from 'monaco-editor/languages/features/json/json.worker?worker';
import { SDK_SHIM_TYPES } from './shim-types';
import type { EditorHandle, EditorMarker, EditorOptions, EditorTheme } from './index';

/**
 * Monaco's own themes with the few token colours that fall below 4.5:1 on their background in
 * JavaScript, TypeScript and JSON raised to it (measured with axe-core: vs-dark's comments were
 * 4.2:1). Defined once per page, like every Monaco theme.
 */
const MONACO_THEMES: Record<EditorTheme, { name: string; data: monaco.editor.IStandaloneThemeData }> = {
  light: {
    name: 'playground-light',
    data: { base: 'vs', inherit: true, colors: {}, rules: [{ token: 'annotation', foreground: '6B6B6B' }] },
  },
  dark: {
    name: 'playground-dark',
    data: {
      base: 'vs-dark',
      inherit: true,
      // The page's own dark background (src/ui/global.css), so the editor is not a lighter box on it.
      colors: { 'editor.background': '#16191f' },
      rules: [
        { token: 'comment', foreground: '6A9955' },
        { token: 'regexp', foreground: 'D16969' },
        { token: 'annotation', foreground: 'DCDCAA' },
        { token: 'variable.predefined', foreground: '4FC1FF' },
      ],
    },
  },
  contrast: {
    name: 'playground-contrast',
    data: { base: 'hc-light', inherit: true, colors: {}, rules: [{ token: 'annotation', foreground: '595959' }] },
  },
};

let configured: Promise<void> | null = null;

/** Once per page: workers, compiler options and typings are global to Monaco. */
function configure(): Promise<void> {
  configured ??= (async () => {
    self.MonacoEnvironment = {
      // Without this the core editor worker fails to load in a build (monaco-editor 0.57's ESM build).
      getWorker: (_id: string, label: string) =>
        label === 'typescript' || label === 'javascript'
          ? new TsWorker()
          : label === 'json'
            ? new JsonWorker()
            : new EditorWorker(),
    };
    const options: ts.CompilerOptions = {
      // ScriptTarget has no ES2022 member (undefined at runtime → ES5): ESNext it is.
      target: ts.ScriptTarget.ESNext,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.NodeJs,
      strict: true,
      esModuleInterop: true,
      allowJs: true,
      // setCompilerOptions replaces the defaults; models have no real file extension check.
      allowNonTsExtensions: true,
      noEmit: true,
      typeRoots: ['file:///node_modules/@types'],
    };
    for (const { name, data } of Object.values(MONACO_THEMES)) monaco.editor.defineTheme(name, data);
    ts.typescriptDefaults.setCompilerOptions(options);
    ts.javascriptDefaults.setCompilerOptions({ ...options, checkJs: false });
    // Imports between learner files resolve against models that are not open in the editor.
    ts.typescriptDefaults.setEagerModelSync(true);
    ts.javascriptDefaults.setEagerModelSync(true);

    for (const [path, content] of Object.entries(SDK_SHIM_TYPES)) {
      ts.typescriptDefaults.addExtraLib(content, path);
      ts.javascriptDefaults.addExtraLib(content, path);
    }
    // The real event types from @types/aws-lambda: one chunk, attached when it arrives. The editor
    // does not wait for them (the TS worker re-checks open models when extra libs change).
    typesLoaded = import('./lambda-types').then(({ LAMBDA_TYPES }) => {
      for (const [path, content] of Object.entries(LAMBDA_TYPES)) {
        ts.typescriptDefaults.addExtraLib(content, path);
        ts.javascriptDefaults.addExtraLib(content, path);
      }
    });
  })();
  return configured;
}

/** The @types/aws-lambda declarations attached (set by the first configure()). */
let typesLoaded: Promise<void> = Promise.resolve();

function uriOf(path: string): monaco.Uri {
  return monaco.Uri.parse(`file:///${path}`);
}

function languageOf(path: string): string {
  if (path.endsWith('.json')) return 'json';
  return path.endsWith('.ts') ? 'typescript' : 'javascript';
}

/**
 * Ctrl+M toggles whether Tab moves focus, as in VS Code, where the editor binds Ctrl+M (Ctrl+Shift+M
 * on a Mac). It is bound here rather than left to Monaco, whose toggle flips a page-wide flag the
 * editor's own option cannot turn off again. On a Mac, Ctrl is WinCtrl to Monaco.
 */
function toggleKeys(): number[] {
  const mac = /Mac|iPhone|iPad/.test(navigator.platform);
  return mac
    ? [monaco.KeyMod.WinCtrl | monaco.KeyCode.KeyM, monaco.KeyMod.WinCtrl | monaco.KeyMod.Shift | monaco.KeyCode.KeyM]
    : [monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyM];
}

export async function createEditor(el: HTMLElement, opts: EditorOptions): Promise<EditorHandle> {
  await configure();
  const models = new Map<string, monaco.editor.ITextModel>();
  const listeners: monaco.IDisposable[] = [];
  // Changes we push from outside must not echo back as learner edits.
  let applying = false;

  const ensureModel = (path: string, text: string): monaco.editor.ITextModel => {
    let model = models.get(path);
    if (!model) {
      const uri = uriOf(path);
      // A model can outlive an editor (HMR, remount): reuse it rather than fail on a duplicate URI.
      model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(text, languageOf(path), uri);
      if (model.getValue() !== text) model.setValue(text);
      models.set(path, model);
      listeners.push(
        model.onDidChangeContent(() => {
          if (!applying) opts.onChange(path, model!.getValue());
        }),
      );
    }
    return model;
  };

  let tabMovesFocus = opts.tabMovesFocus ?? true;
  const editor = monaco.editor.create(el, {
    model: null,
    automaticLayout: true,
    minimap: { enabled: false },
    fontSize: opts.fontSize ?? 13,
    tabSize: 2,
    scrollBeyondLastLine: false,
    theme: MONACO_THEMES[opts.theme ?? 'light'].name,
    ariaLabel: opts.ariaLabel('') ?? 'Code editor',
    fixedOverflowWidgets: true,
    tabFocusMode: tabMovesFocus,
    // Monaco's default on Linux dims the last line number to 1.75:1, below any contrast minimum.
    renderFinalNewline: 'on',
    // A blinking cursor is motion: a steady one for those who ask for none.
    cursorBlinking: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'solid' : 'blink',
  });
  const setTabMovesFocus = (on: boolean) => {
    tabMovesFocus = on;
    editor.updateOptions({ tabFocusMode: on });
  };
  for (const key of toggleKeys()) {
    editor.addCommand(key, () => {
      setTabMovesFocus(!tabMovesFocus);
      opts.onTabMovesFocusChange?.(tabMovesFocus);
    });
  }

  const handle: EditorHandle = {
    typesLoaded,
    setFiles(files) {
      applying = true;
      try {
        for (const [path, text] of Object.entries(files)) {
          const model = ensureModel(path, text);
          // Only replace when it really differs: setValue resets undo history and the cursor.
          if (model.getValue() !== text)
            model.pushEditOperations([], [{ range: model.getFullModelRange(), text }], () => null);
        }
        for (const [path, model] of models) {
          if (!(path in files)) {
            models.delete(path);
            model.dispose();
          }
        }
      } finally {
        applying = false;
      }
    },
    open(path) {
      const model = models.get(path);
      if (!model || editor.getModel() === model) return;
      editor.setModel(model);
      editor.updateOptions({ ariaLabel: opts.ariaLabel(path) });
    },
    setMarkers(file, markers: EditorMarker[]) {
      const model = models.get(file);
      if (!model) return;
      monaco.editor.setModelMarkers(
        model,
        'runtime',
        markers.map((m) => ({
          startLineNumber: m.line,
          startColumn: m.column,
          endLineNumber: m.endLine ?? m.line,
          endColumn: m.endColumn ?? model.getLineMaxColumn(Math.min(m.line, model.getLineCount())),
          message: m.message,
          severity: monaco.MarkerSeverity.Error,
        })),
      );
    },
    setTheme(theme) {
      // Monaco has one theme per page: every editor follows.
      monaco.editor.setTheme(MONACO_THEMES[theme].name);
    },
    setTabMovesFocus,
    setFontSize(px) {
      editor.updateOptions({ fontSize: px });
    },
    focus() {
      editor.focus();
    },
    dispose() {
      for (const l of listeners) l.dispose();
      editor.dispose();
      for (const m of models.values()) m.dispose();
      models.clear();
    },
  };
  handle.setFiles(opts.files);
  handle.open(opts.active);
  return handle;
}
