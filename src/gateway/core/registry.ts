/**
 * Which API instance answers which execute-api URL. The MSW adapter holds one registry and
 * resolves every intercepted `wss://`/`https://` request through it; no module state, so
 * tests and side-by-side comparisons each have their own.
 */
import { parseExecuteApiHttpsUrl, parseExecuteApiUrl, type ExecuteApiEndpoint } from './endpoint';

/** What the registry needs to know about an API stage. */
export interface RegisteredApi {
  readonly apiId: string;
  readonly stage: string;
}

export class ApiRegistry<T extends RegisteredApi = RegisteredApi> {
  readonly #apis = new Map<string, T>();

  static #key(apiId: string, stage: string): string {
    return `${apiId}/${stage}`;
  }

  /**
   * Registers `api` under its apiId and stage, replacing any earlier instance there (a
   * redeployed definition). Returns a function that unregisters it, and only it.
   */
  register(api: T): () => void {
    const key = ApiRegistry.#key(api.apiId, api.stage);
    this.#apis.set(key, api);
    return () => {
      if (this.#apis.get(key) === api) this.#apis.delete(key);
    };
  }

  /** Removes whatever answers apiId/stage; true when something was registered. */
  unregister(apiId: string, stage: string): boolean {
    return this.#apis.delete(ApiRegistry.#key(apiId, stage));
  }

  resolve(apiId: string, stage: string): T | undefined {
    return this.#apis.get(ApiRegistry.#key(apiId, stage));
  }

  /** Resolves a full URL; undefined when it is not an execute-api URL or nothing is registered there. */
  resolveUrl(url: string): { api: T; endpoint: ExecuteApiEndpoint } | undefined {
    const endpoint = parseExecuteApiUrl(url);
    if (!endpoint) return undefined;
    const api = this.resolve(endpoint.apiId, endpoint.stage);
    return api ? { api, endpoint } : undefined;
  }

  /**
   * Resolves an `https://` request to an HTTP or REST API stage the way API Gateway selects
   * stages (DG http-api-develop-routes: "If the request explicitly matches a stage, API Gateway
   * sends the request to that stage. If no stage fully matches the request, API Gateway sends
   * the request to the $default stage"). When the API exists but neither matches, some stage of
   * it is returned anyway so that its engine answers the error AWS gives for an unknown stage
   * (HTTP: 404 Not Found). Undefined when the URL is not execute-api or the API is unknown.
   */
  resolveHttpUrl(url: string): T | undefined {
    const parsed = parseExecuteApiHttpsUrl(url);
    if (!parsed) return undefined;
    if (parsed.firstSegment) {
      const named = this.resolve(parsed.apiId, parsed.firstSegment);
      if (named) return named;
    }
    const fallback = this.resolve(parsed.apiId, '$default');
    if (fallback) return fallback;
    for (const api of this.#apis.values()) if (api.apiId === parsed.apiId) return api;
    return undefined;
  }

  list(): T[] {
    return [...this.#apis.values()];
  }

  clear(): void {
    this.#apis.clear();
  }
}
