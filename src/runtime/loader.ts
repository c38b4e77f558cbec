/**
 * A CommonJS `require` over the learner's files map, as Lambda's Node.js runtime loads a
 * deployment package from /var/task: relative imports between learner files, and the bare
 * specifiers the playground provides (SDK shims). Nothing else exists, and the error says so.
 *
 * Module code is compiled with `new Function` ONLY inside the sandbox worker (an opaque-origin
 * frame) or in Node tests and CI; the page never constructs a ModuleLoader.
 */
import { transpile } from './transpile';

/** Where learner files appear to live, in stack traces and `__filename`, as on Lambda. */
export const TASK_ROOT = '/var/task';

const EXTENSIONS = ['.ts', '.js', '.mjs', '.cjs', '.mts', '.cts', '.json'];

/** Lines `new Function` puts before the body (`function anonymous(params\n) {\n`). */
const WRAPPER_LINES = 2;

export interface LoaderOptions {
  /** Learner files by path relative to the task root, e.g. `{ 'lib/db.ts': '…' }`. */
  files: Readonly<Record<string, string>>;
  /** Bare specifiers the runtime provides, each a factory called once on first require. */
  builtins?: Readonly<Record<string, () => unknown>>;
  /** Free variables every learner module sees (`process`, `console`, `Date`, `Buffer`, …). */
  scope?: Readonly<Record<string, unknown>>;
}

/** Node's `MODULE_NOT_FOUND`, with what the playground does provide. */
export class ModuleNotFoundError extends Error {
  readonly code = 'MODULE_NOT_FOUND';
  constructor(
    readonly specifier: string,
    readonly requireStack: string[],
    available: string[],
  ) {
    super(
      `Cannot find module '${specifier}'` +
        (requireStack.length ? `\nRequire stack:\n${requireStack.map((f) => `- ${f}`).join('\n')}` : '') +
        `\nAvailable in the playground: ${available.join(', ') || '(none)'}`,
    );
    this.name = 'Error';
  }
}

/** A learner file that does not parse, with a 1-based position for the editor. */
export class UserCodeSyntaxError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = 'SyntaxError';
  }
}

interface Module {
  exports: unknown;
  loaded: boolean;
}

/** Normalises a files-map key: `./a/b.ts`, `/a/b.ts` and `a//b.ts` all become `a/b.ts`. */
export function normalizePath(path: string): string {
  const out: string[] = [];
  for (const part of path.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}

function dirname(file: string): string {
  const i = file.lastIndexOf('/');
  return i < 0 ? '' : file.slice(0, i);
}

/** Maps `/var/task/x.ts:LINE:COL` in a stack back to the learner's own line numbers. */
export function fixStack(stack: string): string {
  return stack.replace(/(\/var\/task\/[^\s():]+):(\d+):(\d+)/g, (_m, f: string, l: string, c: string) => {
    return `${f}:${Math.max(1, Number(l) - WRAPPER_LINES)}:${c}`;
  });
}

export class ModuleLoader {
  readonly #files = new Map<string, string>();
  readonly #builtins: Readonly<Record<string, () => unknown>>;
  readonly #scopeNames: string[];
  readonly #scopeValues: unknown[];
  readonly #cache = new Map<string, Module>();
  readonly #builtinCache = new Map<string, unknown>();
  readonly #loading: string[] = [];

  constructor(options: LoaderOptions) {
    for (const [path, source] of Object.entries(options.files)) this.#files.set(normalizePath(path), source);
    this.#builtins = options.builtins ?? {};
    const scope = options.scope ?? {};
    this.#scopeNames = Object.keys(scope);
    this.#scopeValues = Object.values(scope);
  }

  /** The normalised learner file paths. */
  get files(): string[] {
    return [...this.#files.keys()];
  }

  /**
   * Resolves a relative specifier to a learner file the way Node does for CommonJS (exact,
   * then with an extension, then `index.*`), plus TypeScript's convention that `./db.js` in
   * source means `db.ts`.
   */
  resolveFile(specifier: string, fromFile = ''): string | undefined {
    const base = specifier.startsWith('/')
      ? normalizePath(specifier.replace(/^\/var\/task\//, ''))
      : normalizePath(`${dirname(fromFile)}/${specifier}`);
    const candidates = [base, ...EXTENSIONS.map((e) => base + e)];
    const ts = base.replace(/\.(m|c)?js$/, (_m, k: string | undefined) => `.${k ?? ''}ts`);
    if (ts !== base) candidates.push(ts);
    candidates.push(...EXTENSIONS.map((e) => `${base}/index${e}`));
    return candidates.find((c) => this.#files.has(c));
  }

  /** `require(specifier)` as seen from `fromFile` (a normalised learner path, or '' for the task root). */
  require(specifier: string, fromFile = ''): unknown {
    const isRelative =
      specifier.startsWith('./') ||
      specifier.startsWith('../') ||
      specifier.startsWith('/') ||
      specifier === '.' ||
      specifier === '..';
    if (!isRelative) {
      const bare = specifier.replace(/^node:/, '');
      const factory = this.#builtins[specifier] ?? this.#builtins[bare];
      if (!factory) throw this.#notFound(specifier);
      if (!this.#builtinCache.has(specifier)) this.#builtinCache.set(specifier, factory());
      return this.#builtinCache.get(specifier);
    }
    const file = this.resolveFile(specifier, fromFile);
    if (file === undefined) throw this.#notFound(specifier);
    return this.requireFile(file);
  }

  /** Loads a learner file by its normalised path (cached: module state persists). */
  requireFile(file: string): unknown {
    const cached = this.#cache.get(file);
    if (cached) return cached.exports;
    const source = this.#files.get(file);
    if (source === undefined) throw this.#notFound(`./${file}`);
    const module: Module = { exports: {}, loaded: false };
    this.#cache.set(file, module);
    this.#loading.push(file);
    try {
      if (file.endsWith('.json')) {
        try {
          module.exports = JSON.parse(source);
        } catch (e) {
          throw new UserCodeSyntaxError(`${file}: ${(e as Error).message}`, file);
        }
      } else {
        this.#execute(file, source, module);
      }
      module.loaded = true;
      return module.exports;
    } catch (e) {
      // A failed module is not cached, as in Node: the next require retries it.
      this.#cache.delete(file);
      throw e;
    } finally {
      this.#loading.pop();
    }
  }

  #execute(file: string, source: string, module: Module): void {
    const result = transpile(source, file);
    if (!result.ok) {
      const { line, column, message } = result.error;
      throw new UserCodeSyntaxError(`${message} (${file}:${line}:${column})`, file, line, column);
    }
    // Enforced, not just promised: a page has a document, the sandbox worker and Node do not.
    if (typeof (globalThis as { document?: unknown }).document !== 'undefined') {
      throw new Error('Learner code runs only in the sandbox worker (or Node), never on the page.');
    }
    let fn: (...args: unknown[]) => void;
    try {
      // eslint-disable-next-line no-new-func -- learner code runs only in the sandbox worker (opaque origin) or Node tests, never on the page.
      fn = new Function(
        'exports',
        'require',
        'module',
        '__filename',
        '__dirname',
        ...this.#scopeNames,
        `${result.code}\n//# sourceURL=${TASK_ROOT}/${file}`,
      ) as (...args: unknown[]) => void;
    } catch (e) {
      // Sucrase accepts some code V8 rejects (a duplicate `let`, a top-level `await`).
      throw new UserCodeSyntaxError(`${(e as Error).message} (${file})`, file);
    }
    const localRequire = (specifier: string) => this.require(specifier, file);
    const dir = dirname(file);
    fn.call(
      module.exports,
      module.exports,
      localRequire,
      module,
      `${TASK_ROOT}/${file}`,
      dir ? `${TASK_ROOT}/${dir}` : TASK_ROOT,
      ...this.#scopeValues,
    );
  }

  #notFound(specifier: string): ModuleNotFoundError {
    const stack = [...this.#loading].reverse().map((f) => `${TASK_ROOT}/${f}`);
    const available = [...Object.keys(this.#builtins), ...[...this.#files.keys()].map((f) => `./${f}`)];
    return new ModuleNotFoundError(specifier, stack, available);
  }
}
