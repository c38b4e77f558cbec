/**
 * Live validation of the definition being edited, so the API panel marks problems next to the
 * route, resource or field they concern (the gateway's `validateDefinition`, as Deploy uses). The
 * validators load lazily, off the first paint.
 */
import type { Workspace } from './workspace.svelte';

export interface DefinitionProblem {
  /** The field, e.g. `routes["GET /x"].integration.function` or `resources["/a"].methods.GET.authorizer`. */
  path: string;
  message: string;
}

type Validate = (input: unknown) => { ok: true } | { ok: false; errors: DefinitionProblem[] };

export class DefinitionCheck {
  #validate = $state.raw<Validate | null>(null);
  readonly #ws: Workspace;

  constructor(ws: Workspace) {
    this.#ws = ws;
    void import('./gateway-lazy').then(
      (m) => (this.#validate = m.validateDefinition),
      // Without the validators there are no live markers; Deploy still reports everything.
      () => {},
    );
  }

  /** Every problem of the current definition (empty until the validators have loaded). */
  readonly problems: DefinitionProblem[] = $derived.by(() => {
    const validate = this.#validate;
    if (!validate) return [];
    const r = validate(this.#ws.definitionSnapshot());
    return r.ok ? [] : r.errors;
  });

  /** Problems of one part of the definition: its path equals `prefix` or continues it (`.`/`[`). */
  under(prefix: string): DefinitionProblem[] {
    return problemsUnder(this.problems, prefix);
  }
}

export function problemsUnder(problems: readonly DefinitionProblem[], prefix: string): DefinitionProblem[] {
  return problems.filter(
    (p) => p.path === prefix || p.path.startsWith(`${prefix}.`) || p.path.startsWith(`${prefix}[`),
  );
}
