/**
 * The colour theme: light, dark or high contrast, or whatever the system asks for (a dark system
 * gets dark; one that asks for more contrast gets high contrast). The learner's choice is kept in
 * the page's versioned preferences (./persistence, namespaced by base path); the theme in use goes
 * to the page (data-theme on <html>, which src/ui/global.css reads), the code editor and the diagrams.
 */
import { basePathOf, loadPrefs, memoryStore, savePrefs, type KeyValueStore } from './persistence';

export const THEME_CHOICES = ['system', 'light', 'dark', 'contrast'] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];
/** The theme in use once "system" is resolved. */
export type Theme = Exclude<ThemeChoice, 'system'>;

/** The subset of a MediaQueryList the theme listens to. */
export interface MediaQuery {
  readonly matches: boolean;
  addEventListener(type: 'change', listener: () => void): void;
}

export interface ThemeEnvironment {
  store: KeyValueStore;
  /** The site's base path, which namespaces the preferences. */
  basePath: string;
  /** `window.matchMedia`. */
  matchMedia(query: string): MediaQuery;
  /** Shows `theme` (on the page: sets data-theme on <html>); called at once and on every change. */
  apply(theme: Theme): void;
}

function isChoice(v: unknown): v is ThemeChoice {
  return (THEME_CHOICES as readonly unknown[]).includes(v);
}

export class ThemeState {
  #choice = $state<ThemeChoice>('system');
  #systemDark = $state(false);
  #systemContrast = $state(false);
  readonly #env: ThemeEnvironment;

  constructor(env: ThemeEnvironment) {
    this.#env = env;
    // Unreadable or blocked preferences read as none: the system's theme.
    const saved = loadPrefs(env.store, env.basePath).theme;
    if (isChoice(saved)) this.#choice = saved;
    const dark = env.matchMedia('(prefers-color-scheme: dark)');
    const contrast = env.matchMedia('(prefers-contrast: more)');
    const follow = () => {
      this.#systemDark = dark.matches;
      this.#systemContrast = contrast.matches;
      env.apply(this.theme);
    };
    dark.addEventListener('change', follow);
    contrast.addEventListener('change', follow);
    follow();
  }

  /** What the learner picked ("system" until they pick). */
  get choice(): ThemeChoice {
    return this.#choice;
  }

  get theme(): Theme {
    if (this.#choice !== 'system') return this.#choice;
    return this.#systemContrast ? 'contrast' : this.#systemDark ? 'dark' : 'light';
  }

  choose(choice: ThemeChoice): void {
    this.#choice = choice;
    // Kept with the other preferences; when storage is full or blocked it holds for this page view.
    const { theme: _old, ...prefs } = loadPrefs(this.#env.store, this.#env.basePath);
    savePrefs(this.#env.store, this.#env.basePath, choice === 'system' ? prefs : { ...prefs, theme: choice });
    this.#env.apply(this.theme);
  }
}

let page: ThemeState | undefined;
let pageStore: KeyValueStore | undefined;

/**
 * The store the page's theme saves through: the app's watched store (AppState's StorageHealth),
 * so a theme that cannot be saved is reported with the other preferences. Set before first use.
 */
export function usePageThemeStore(store: KeyValueStore): void {
  pageStore = store;
}

/** The page's theme, made on first use: localStorage (memory when blocked), the system's media queries, <html>. */
export function pageTheme(): ThemeState {
  if (page) return page;
  let store: KeyValueStore;
  try {
    store = pageStore ?? window.localStorage;
  } catch {
    store = memoryStore();
  }
  page = new ThemeState({
    store,
    basePath: basePathOf(import.meta.env.BASE_URL, location.href),
    matchMedia: (q) => window.matchMedia(q),
    apply: (theme) => {
      document.documentElement.dataset.theme = theme;
    },
  });
  return page;
}

/** Mermaid's theme, and its theme variables, for one of the page's. */
export interface DiagramColours {
  theme: 'default' | 'base';
  variables?: Record<string, string | boolean>;
}

/**
 * The diagrams' colours for `theme`: Mermaid's own default on the light page; on the dark and the
 * high-contrast page (Mermaid has no high-contrast theme, and its dark one has text below 4.5:1)
 * its 'base' theme with variables taken from the page's custom properties, so a diagram is drawn
 * in the page's text, panel and border colours. `cssVar` reads one (`--fg`) from the page.
 */
export function diagramColours(theme: Theme, cssVar: (name: string) => string): DiagramColours {
  if (theme === 'light') return { theme: 'default' };
  const [bg, fg, panel, border, note, noteBorder] = [
    '--bg',
    '--fg',
    '--panel',
    '--control-border',
    '--warn-bg',
    '--warn',
  ].map(cssVar);
  return {
    theme: 'base',
    variables: {
      darkMode: theme === 'dark',
      background: bg,
      mainBkg: panel,
      primaryColor: panel,
      primaryTextColor: fg,
      primaryBorderColor: border,
      secondaryColor: panel,
      tertiaryColor: bg,
      lineColor: fg,
      textColor: fg,
      actorBkg: panel,
      actorBorder: border,
      actorTextColor: fg,
      actorLineColor: border,
      signalColor: fg,
      signalTextColor: fg,
      labelBoxBkgColor: panel,
      labelBoxBorderColor: border,
      labelTextColor: fg,
      loopTextColor: fg,
      noteBkgColor: note,
      noteTextColor: fg,
      noteBorderColor: noteBorder,
      activationBkgColor: panel,
      activationBorderColor: border,
      sequenceNumberColor: bg,
      nodeBorder: border,
      clusterBkg: bg,
      clusterBorder: border,
      edgeLabelBackground: bg,
      titleColor: fg,
    },
  };
}
