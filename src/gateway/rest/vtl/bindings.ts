/**
 * The two objects a mapping template reaches by name besides its data: `$input` (the payload,
 * its JSON and the request parameters) and `$util` (escaping, JSON, URL and base64 helpers),
 * DG api-gateway-mapping-template-reference, "$input variables" and "$util variables".
 */
import { compileJsonPath } from '../../core/jsonpath';
import { cloneJson, type VtlContext } from './context';
import { base64Decode, base64Encode, escapeJavaScript, urlDecode, urlEncode } from './util';
import { VtlRuntimeError, newMap, ownGet, type JavaRuntime, type VtlMap } from './values';

/** `$input`: one per render, so the payload is parsed as JSON at most once. */
export class InputBinding {
  readonly #ctx: VtlContext;
  readonly #params: VtlMap;
  #json: { value: unknown } | undefined;
  /** Set when a result depends on a choice no public source confirms (rest-vtl-edge-cases). */
  #usedUnconfirmed = false;

  constructor(ctx: VtlContext) {
    this.#ctx = ctx;
    // The DG's "pass all parameters" example lists path, header, querystring in that order.
    this.#params = cloneJson({
      path: ctx.params.path,
      header: ctx.params.header,
      querystring: ctx.params.querystring,
    }) as VtlMap;
  }

  get usedUnconfirmed(): boolean {
    return this.#usedUnconfirmed;
  }

  /** `$input.body`: the raw payload. */
  property(name: string): unknown {
    return name === 'body' ? this.#ctx.body : undefined;
  }

  /** `$input.*` (DG api-gateway-mapping-template-reference, "$input variables"). */
  call(rt: JavaRuntime, name: string, args: unknown[], at: number): unknown {
    switch (name) {
      case 'params': {
        if (args.length === 0) return this.#params;
        if (args.length !== 1 || args[0] == null) return undefined;
        // "from the path, query string, or header value (searched in that order)"; a parameter
        // that is not there is '' (LocalStack template_mapping.py; header names ignore case).
        const key = rt.str(args[0]);
        for (const where of ['path', 'querystring'] as const) {
          const v = ownGet(this.#ctx.params[where], key);
          if (v != null && v !== '') return v;
        }
        const lower = key.toLowerCase();
        for (const [k, v] of Object.entries(this.#ctx.params.header)) {
          if (k.toLowerCase() === lower && v != null && v !== '') {
            if (k !== key) this.#usedUnconfirmed = true;
            return v;
          }
        }
        return '';
      }
      case 'json':
      case 'path': {
        if (args.length !== 1) return undefined;
        const expr = args[0] == null ? '$' : rt.str(args[0]) || '$';
        const compiled = compileJsonPath(expr);
        if (!compiled.ok) {
          throw new VtlRuntimeError(`$input.${name}('${expr}'): invalid JSONPath: ${compiled.error.message}`, at);
        }
        const matches = compiled.path.select(this.#jsonRoot(at));
        if (name === 'path') return compiled.path.definite ? matches[0] : matches;
        if (!compiled.path.definite) return JSON.stringify(matches);
        // A definite path that matches nothing gives "" (UNCONFIRMED: rest-vtl-edge-cases).
        if (matches.length > 0) return JSON.stringify(matches[0]);
        this.#usedUnconfirmed = true;
        return '""';
      }
      default:
        return undefined;
    }
  }

  /**
   * The payload as JSON, parsed on first use. An empty payload reads as `{}` (the serverless
   * framework's documented LAMBDA event has `"body": {}` for a GET; LocalStack does the same).
   */
  #jsonRoot(at: number): unknown {
    if (!this.#json) {
      if (this.#ctx.jsonPathRoot !== undefined) this.#json = { value: cloneJson(this.#ctx.jsonPathRoot) };
      else if (this.#ctx.body.trim() === '') this.#json = { value: newMap() };
      else {
        try {
          this.#json = { value: JSON.parse(this.#ctx.body) };
        } catch (e) {
          throw new VtlRuntimeError(
            `the payload is not valid JSON, so $input.json/$input.path cannot read it (${(e as Error).message})`,
            at,
          );
        }
      }
    }
    return this.#json.value;
  }
}

/** `$util`: stateless. */
export class UtilBinding {
  /** `$util.*` (DG api-gateway-mapping-template-reference, "$util variables"). */
  call(rt: JavaRuntime, name: string, args: unknown[], at: number): unknown {
    if (args.length !== 1) return undefined;
    const [arg] = args;
    if (arg == null) return undefined;
    const s = rt.str(arg);
    switch (name) {
      case 'escapeJavaScript':
        return escapeJavaScript(s);
      case 'parseJson':
        try {
          return JSON.parse(s);
        } catch (e) {
          throw new VtlRuntimeError(`$util.parseJson: the text is not valid JSON (${(e as Error).message})`, at);
        }
      case 'urlEncode':
        return urlEncode(s);
      case 'urlDecode':
        return urlDecode(s);
      case 'base64Encode':
        return base64Encode(s);
      case 'base64Decode':
        return base64Decode(s);
      default:
        return undefined;
    }
  }
}
