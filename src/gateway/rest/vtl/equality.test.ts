/**
 * Null and empty values in conditions and `==`, as Velocity 1.7 defines them (the VTL the DG's
 * api-gateway-mapping-template-reference documents), and the one-override rule of
 * DG apigateway-override-request-response-parameters. Which Velocity release API Gateway runs is
 * not documented: known difference rest-vtl-null-empty.
 */
import { describe, expect, it } from 'vitest';
import { buildVtlContext, renderTemplate } from './index';

function ctx(body = '{"name":"Rex","empty":"","nothing":null}') {
  return buildVtlContext({
    body,
    params: { path: { id: '7' }, querystring: { blank: '' }, header: {} },
    context: { requestId: 'req-1' },
  });
}

function render(source: string): string {
  const r = renderTemplate(source, ctx());
  if (!r.ok) throw new Error(`${r.phase} error: ${r.error.message}`);
  return r.output;
}

/** T when the condition holds, F otherwise. */
function holds(cond: string): boolean {
  return render(`#if(${cond})T#{else}F#end`) === 'T';
}

describe('null and empty values in #if and == (Velocity 1.7 User Guide, "Conditionals" and "Relational and Logical Operators")', () => {
  it('treats only null and false as false in #if: an empty string is true (Velocity 1.7; 2.x differs: rest-vtl-null-empty)', () => {
    expect(holds('""')).toBe(true);
    expect(holds("''")).toBe(true);
    expect(holds('0')).toBe(true);
    expect(holds('$nothing')).toBe(false);
    expect(holds('false')).toBe(false);
  });

  it('gives "" for a parameter that is not there, so #if($input.params(\'x\')) is true and == "" is the test to use', () => {
    expect(render("[$input.params('missing')]")).toBe('[]');
    expect(holds('$input.params(\'missing\') == ""')).toBe(true);
    expect(holds("$input.params('missing')")).toBe(true);
    expect(holds("$input.params('blank') == ''")).toBe(true);
    expect(holds("$input.params('id') == ''")).toBe(false);
  });

  it('compares null equal only to null: $null == "" is false, two undefined references are equal', () => {
    expect(holds('$null == ""')).toBe(false);
    expect(holds('"" == $null')).toBe(false);
    expect(holds('$null != ""')).toBe(true);
    expect(holds('$a == $b')).toBe(true);
    expect(holds('$null == $null')).toBe(true);
  });

  it('reads a JSON null or a missing member through $input.path as null, an empty string member as ""', () => {
    expect(holds("$input.path('$.nothing') == $null")).toBe(true);
    expect(holds("$input.path('$.missing') == ''")).toBe(false);
    expect(holds("$input.path('$.missing')")).toBe(false);
    expect(holds("$input.path('$.empty') == ''")).toBe(true);
    expect(holds("$input.path('$.empty')")).toBe(true);
    expect(render("[$input.path('$.nothing')][$input.path('$.missing')]")).toBe('[][]');
  });

  it('compares values of different types by their text (Velocity 1.7: "the string representations are … compared")', () => {
    expect(holds('"1" == 1')).toBe(true);
    expect(holds('"true" == true')).toBe(true);
    expect(holds("$input.params('id') == 7")).toBe(true);
    expect(holds('1 == 1.0')).toBe(true);
  });

  it('lets "$!ref" and quoting turn a null into "" for comparison (the idiom #if("$!x" == ""))', () => {
    expect(holds('"$!nothing" == ""')).toBe(true);
    expect(holds("\"$!input.path('$.missing')\" == ''")).toBe(true);
  });

  it('keeps $x unchanged when #set is given null (Velocity 1.7: a null right-hand side leaves the target as it was)', () => {
    expect(render('#set($x = "a")#set($x = $nothing)$x')).toBe('a');
  });
});

describe('overrides are final (DG apigateway-override-request-response-parameters)', () => {
  it('fails the render when a template sets the same override twice ("API Gateway returns a 5XX response")', () => {
    const r = renderTemplate(
      '#set($context.responseOverride.status = 400)#set($context.responseOverride.status = 401)',
      ctx(),
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('overridden a second time');
    const loop = renderTemplate('#foreach($i in [1, 2])#set($context.requestOverride.header.X-N = "$i")#end', ctx());
    expect(loop.ok).toBe(false);
  });

  it('allows each parameter once, and a branch that sets it only once', () => {
    const r = renderTemplate(
      '#if(true)#set($context.responseOverride.status = 400)#else#set($context.responseOverride.status = 500)#end#set($context.responseOverride.header.A = "a")#set($context.responseOverride.header.B = "b")',
      ctx(),
    );
    expect(r.ok && r.overrides.response).toEqual({ status: 400, header: { A: 'a', B: 'b' } });
  });
});
