import { describe, expect, it } from 'vitest';
import { buildVtlContext, MAX_FOREACH_ITERATIONS, parseTemplate, renderTemplate, type RenderOptions } from './index';

const PETS = [
  { id: 1, type: 'dog', price: 249.99 },
  { id: 2, type: 'cat', price: 124.99 },
  { id: 3, type: 'fish', price: 0.99 },
];

function ctx(over: Parameters<typeof buildVtlContext>[0] = {}) {
  return buildVtlContext({
    body: '',
    params: { path: {}, querystring: {}, header: {} },
    context: {
      requestId: 'req-1',
      stage: 'dev',
      httpMethod: 'POST',
      resourcePath: '/pets/{id}',
      identity: { sourceIp: '192.0.2.1', userAgent: 'curl/8' },
      authorizer: { principalId: 'user-7', role: 'admin' },
    },
    stageVariables: { env: 'test' },
    ...over,
  });
}

function render(source: string, c = ctx(), options?: RenderOptions): string {
  const r = renderTemplate(source, c, options);
  if (!r.ok) throw new Error(`${r.phase} error at ${r.error.line}:${r.error.column}: ${r.error.message}`);
  return r.output;
}

function renderError(source: string, c = ctx()) {
  const r = renderTemplate(source, c);
  if (r.ok) throw new Error(`expected an error, got output ${JSON.stringify(r.output)}`);
  return r;
}

describe('DG examples (api-gateway-mapping-template-reference, models-mappings)', () => {
  it('turns an array payload into new JSON with #set, $input.path and #foreach (DG models-mappings)', () => {
    const template = [
      "#set($inputRoot = $input.path('$'))",
      '[',
      '#foreach($elem in $inputRoot)',
      '  {',
      '    "description" : "Item $elem.id is a $elem.type.",',
      '    "askingPrice" : $elem.price',
      '  }#if($foreach.hasNext),#end',
      '',
      '#end',
      ']',
    ].join('\n');
    const out = render(template, ctx({ body: JSON.stringify(PETS) }));
    expect(JSON.parse(out)).toEqual([
      { description: 'Item 1 is a dog.', askingPrice: 249.99 },
      { description: 'Item 2 is a cat.', askingPrice: 124.99 },
      { description: 'Item 3 is a fish.', askingPrice: 0.99 },
    ]);
  });

  it('passes every request parameter through with $input.params() and keySet (DG parameter mapping example)', () => {
    const template = [
      '#set($allParams = $input.params())',
      '{',
      '  "params" : {',
      '    #foreach($type in $allParams.keySet())',
      '    #set($params = $allParams.get($type))',
      '    "$type" : {',
      '      #foreach($paramName in $params.keySet())',
      '      "$paramName" : "$util.escapeJavaScript($params.get($paramName))"',
      '      #if($foreach.hasNext),#end',
      '      #end',
      '    }',
      '    #if($foreach.hasNext),#end',
      '    #end',
      '  }',
      '}',
    ].join('\n');
    const c = ctx({
      params: { path: { id: '42' }, querystring: { q: 'a b', tag: "it's" }, header: { 'X-Trace': 't1' } },
    });
    expect(JSON.parse(render(template, c).replaceAll("\\'", "'"))).toEqual({
      params: { path: { id: '42' }, header: { 'X-Trace': 't1' }, querystring: { q: 'a b', tag: "it's" } },
    });
  });

  it('reads a query parameter and embeds the whole body with $input.json (DG $input example)', () => {
    const c = ctx({ body: '{"mykey":{"a":[1,2]},"x":"y"}', params: { querystring: { name: 'Marco' } } });
    const out = render('{\n    "name" : "$input.params(\'name\')",\n    "body" : $input.json(\'$\')\n}', c);
    expect(JSON.parse(out)).toEqual({ name: 'Marco', body: { mykey: { a: [1, 2] }, x: 'y' } });
    expect(render("$input.json('$.mykey')", c)).toBe('{"a":[1,2]}');
  });

  it('counts a map with size() and escapes its JSON (DG "Example Request and Response Using $input")', () => {
    const template = [
      '{',
      '    "id" : "$input.params(\'id\')",',
      '    "count" : "$input.path(\'$.things\').size()",',
      '    "things" : $util.escapeJavaScript($input.json(\'$.things\'))',
      '}',
    ].join('\n');
    const c = ctx({ body: '{"things":{"1":{},"2":{},"3":{}}}', params: { path: { id: 'abc' } } });
    // escapeJavaScript turns the quotes of the JSON into \" (the DG's printed response shows it unescaped).
    expect(render(template, c)).toBe(
      '{\n    "id" : "abc",\n    "count" : "3",\n    "things" : {\\"1\\":{},\\"2\\":{},\\"3\\":{}}\n}',
    );
  });

  it('navigates an object from $util.parseJson, including an index (DG $util.parseJson example)', () => {
    const c = ctx({ body: JSON.stringify({ errorMessage: '{"key1":"var1","key2":{"arr":[1,2,3]}}' }) });
    const template =
      '#set ($errorMessageObj = $util.parseJson($input.path(\'$.errorMessage\')))\n{\n   "errorMessageObjKey2ArrVal" : $errorMessageObj.key2.arr[0]\n}';
    expect(JSON.parse(render(template, c))).toEqual({ errorMessageObjKey2ArrVal: 1 });
  });

  it("undoes escapeJavaScript's \\' with replaceAll, as the DG recommends for JSON", () => {
    const c = ctx({ params: { querystring: { q: "it's" } } });
    expect(render(`$util.escapeJavaScript($input.params('q'))`, c)).toBe("it\\'s");
    expect(render(`$util.escapeJavaScript($input.params('q')).replaceAll("\\\\'","'")`, c)).toBe("it's");
  });

  it('maps $context variables to backend names (DG $context template example)', () => {
    const out = render(
      '{"stage":"$context.stage","request_id":"$context.requestId","resource_path":"$context.resourcePath","http_method":"$context.httpMethod","source_ip":"$context.identity.sourceIp","principal":"$context.authorizer.principalId"}',
    );
    expect(JSON.parse(out)).toEqual({
      stage: 'dev',
      request_id: 'req-1',
      resource_path: '/pets/{id}',
      http_method: 'POST',
      source_ip: '192.0.2.1',
      principal: 'user-7',
    });
  });

  it('reads stage variables in the three documented spellings (DG $stageVariables)', () => {
    expect(render("$stageVariables.env|$stageVariables['env']|${stageVariables['env']}")).toBe('test|test|test');
  });
});

describe('references', () => {
  it('renders a reference with no value as nothing, as API Gateway does (serverless docs LAMBDA event: "principalId": "")', () => {
    const c = ctx({ context: { stage: 'dev' } });
    expect(render('"$context.authorizer.principalId"|$nope|${nope}', c)).toBe('""||');
  });

  it("keeps a reference with no value as written in Velocity's literal mode", () => {
    expect(render('$foo ${foo} $foo.bar($x) $!foo', ctx(), { undefinedReferences: 'literal' })).toBe(
      '$foo ${foo} $foo.bar($x) ',
    );
  });

  it('renders $!quiet references as nothing even in literal mode', () => {
    expect(render('[$!nope][$!{nope}]', ctx(), { undefinedReferences: 'literal' })).toBe('[][]');
  });

  it('separates a formal ${reference} from the text that follows it', () => {
    expect(render('#set($a = "x")${a}y $ay', ctx(), { undefinedReferences: 'literal' })).toBe('xy $ay');
  });

  it('leaves a $ that starts no reference as text', () => {
    expect(render("cost: $5, path: '$.x', lone $ end")).toBe("cost: $5, path: '$.x', lone $ end");
  });

  it('ends a reference at a dot not followed by a name', () => {
    expect(render('#set($n = "Ann")Hello $n. Bye $n.')).toBe('Hello Ann. Bye Ann.');
  });

  it('makes an escaped reference literal text', () => {
    expect(render('#set($a = 1)\\$a is $a')).toBe('$a is 1');
  });

  it('reads list items and map entries by index', () => {
    expect(render("#set($l = ['a', 'b'])#set($m = {'k': 'v'})$l[1] $m['k'] $l.get(0) $m.get('k')")).toBe('b v a v');
  });

  it('treats a hyphen as part of a name only between name characters (Velocity 1.7 identifiers)', () => {
    expect(render('#set($a = "A")#set($b = "B")#set($a-b = "AB")$a-$b $a-b')).toBe('A-B AB');
  });

  it('renders maps and template lists as Java does, JSON lists as JSON (LocalStack VTLMap/VTLJsonList)', () => {
    const c = ctx({ body: '{"a":1,"b":[{"c":5}],"s":"x"}' });
    expect(render("$input.path('$')", c)).toBe('{a=1, b=[{"c":5}], s=x}');
    expect(render("$input.path('$.b')", c)).toBe('[{"c":5}]');
    expect(render("#set($l = [1, 'two', true])$l", c)).toBe('[1, two, true]');
    expect(render("$input.path('$').keySet()", c)).toBe('[a, b, s]');
  });
});

describe('directives', () => {
  it('#set assigns strings, numbers, booleans, lists and maps', () => {
    expect(
      render(
        '#set($s = "x")#set($n = 42)#set($f = 1.5)#set($b = true)#set($l = [1, 2])#set($m = {"k": $n})$s $n $f $b $l $m',
      ),
    ).toBe('x 42 1.5 true [1, 2] {k=42}');
  });

  it('#set with no value on the right leaves the variable unchanged (Velocity 1.7)', () => {
    expect(render('#set($a = "kept")#set($a = $missing)$a')).toBe('kept');
  });

  it('#set into a map property and into $context.responseOverride (DG request/response overrides)', () => {
    const r = renderTemplate(
      '#set($m = {})#set($m.k = "v")$m.k#set($context.responseOverride.status = 201)#set($context.responseOverride.header.X-Id = "7")#set($context.requestOverride.querystring.q = "z")',
      ctx(),
    );
    expect(r.ok && r.output).toBe('v');
    expect(r.ok && r.overrides).toEqual({
      request: { header: {}, path: {}, querystring: { q: 'z' } },
      response: { status: 201, header: { 'X-Id': '7' } },
    });
  });

  it('#if / #elseif / #else picks the first true branch', () => {
    const t = '#if($n < 0)neg#elseif($n == 0)zero#elseif($n > 100)big#{else}small#end';
    expect(['-1', '0', '500', '7'].map((n) => render(`#set($n = ${n})${t}`))).toEqual(['neg', 'zero', 'big', 'small']);
  });

  it('#if understands ==, !=, <, >, <=, >=, &&, ||, ! and the words and, or, not, eq, ne, lt, gt, le, ge', () => {
    const cases: Array<[string, boolean]> = [
      ['1 == 1', true],
      ['1 != 1', false],
      ['1 < 2 && 2 <= 2', true],
      ['3 > 2 || false', true],
      ['2 >= 3', false],
      ['!true', false],
      ['not false and true', true],
      ['false or 1 eq 1', true],
      ['2 ne 2', false],
      ['1 lt 2 and 2 gt 1 and 1 le 1 and 1 ge 1', true],
      ['!($x == "a")', false],
      ['"1" == 1', true],
      ['$missing', false],
      ['""', true],
    ];
    for (const [cond, expected] of cases) {
      expect(render(`#set($x = "a")#if(${cond})T#{else}F#end`), cond).toBe(expected ? 'T' : 'F');
    }
  });

  it('#foreach exposes $foreach.index/count/hasNext/first/last and $velocityCount', () => {
    expect(
      render(
        '#foreach($x in ["a", "b", "c"])$foreach.index$foreach.count$velocityCount$x$foreach.first$foreach.last#if($foreach.hasNext),#end#end',
      ),
    ).toBe('011atruefalse,122bfalsefalse,233cfalsetrue');
  });

  it('#foreach over a map visits its values; over nothing, does nothing', () => {
    expect(render('#foreach($v in {"a": 1, "b": 2})$v#end|#foreach($v in $missing)x#end|')).toBe('12||');
  });

  it('#foreach restores the loop variable afterwards', () => {
    expect(render('#set($x = "outer")#foreach($x in [1, 2])$x#end $x')).toBe('12 outer');
  });

  it('#foreach over a range literal, and #break leaves the loop', () => {
    expect(render('#foreach($i in [1..5])#if($i == 4)#break#end$i#end')).toBe('123');
  });

  it(`#foreach stops with an error after ${MAX_FOREACH_ITERATIONS} iterations (DG limits)`, () => {
    const c = ctx({ body: JSON.stringify(Array.from({ length: 1001 }, (_, i) => i)) });
    const ok = renderTemplate(
      "#foreach($i in $input.path('$'))#if($i < 1000)#end#end",
      ctx({ body: JSON.stringify(Array.from({ length: 1000 }, (_, i) => i)) }),
    );
    expect(ok.ok).toBe(true);
    const r = renderError("\n  #foreach($i in $input.path('$'))$i#end", c);
    expect(r.phase).toBe('render');
    expect(r.error).toMatchObject({ line: 2, column: 3 });
    expect(r.error.message).toMatch(/more than 1000 iterations/u);
  });

  it('#define renders its block where it is referenced (the serverless framework default template uses it)', () => {
    const t =
      '#define($loop){#foreach($k in $map.keySet())"$k":"$map.get($k)"#if($foreach.hasNext),#end#end}#end#set($map = $input.params().path)$loop';
    expect(JSON.parse(render(t, ctx({ params: { path: { a: '1', b: '2' } } })))).toEqual({ a: '1', b: '2' });
  });

  it('#stop ends the output', () => {
    expect(render('a#stop b')).toBe('a');
  });

  it('## and #* *# comments render nothing; #[[ ]]# is kept unparsed', () => {
    expect(render('a## line comment\nb#* block\ncomment *#c#[[ $raw #if ]]#d')).toBe('abc $raw #if d');
  });

  it('swallows the line ends of directive lines as Velocity 1.7 does', () => {
    expect(render('[\n  #set($a = 1)\n#if(true)\n  x$a\n#end\n]')).toBe('[\n  x1\n]');
  });

  it('keeps # text that is not a directive ("#1", "#fff")', () => {
    expect(render('Item #1, color #fff, #endless')).toBe('Item #1, color #fff, #endless');
  });
});

describe('expressions', () => {
  it('interpolates references in double-quoted strings but not in single-quoted ones', () => {
    expect(render(`#set($n = "Ann")#set($a = "hi $n")#set($b = 'hi $n')$a|$b`)).toBe('hi Ann|hi $n');
  });

  it('reads "" and \'\' as an escaped quote inside strings (Velocity 1.7 string literals)', () => {
    expect(render(`#set($a = "say ""hi""")#set($b = 'it''s')$a $b`)).toBe('say "hi" it\'s');
  });

  it('does arithmetic with Java integer division and concatenates with + when a string is involved', () => {
    // (#set also swallows the spaces in front of it, as in Velocity 1.7: hence the '|' separators.)
    expect(
      render(
        '#set($a = 7)#set($b = 2)${a}+${b}:#set($s = $a + $b)|$s#set($d = $a / $b)|$d#set($m = $a % $b)|$m#set($f = 7.5 / 2)|$f#set($c = "n" + $a)|$c#set($neg = -$a)|$neg',
      ),
    ).toBe('7+2:|9|3|1|3.75|n7|-7');
  });

  it('calls the Java String, List and Map methods templates use', () => {
    const out = render(
      [
        '#set($s = "  Hello, World  ")',
        '$s.trim().toLowerCase()|$s.length()|$s.contains("World")|$s.trim().substring(7)|$s.trim().substring(0, 5)',
        '|$s.replace("l", "L")|$s.trim().startsWith("Hello")|$s.indexOf("o")|$s.trim().split(", ")|$s.isEmpty()',
        '#set($l = [3, 1])#set($ignored = $l.add(2))|$l.size() $l.contains(1) $l.get(2) $l.isEmpty()',
        '#set($m = {"a": 1})#set($ignored = $m.put("b", 2))|$m.containsKey("b") $m.size() $m.values()',
      ].join(''),
    );
    expect(out).toBe(
      'hello, world|16|true|World|Hello|  HeLLo, WorLd  |true|6|[Hello, World]|false|3 true 2 false|true 2 [1, 2]',
    );
  });

  it('treats an unknown method as having no value (no error in AWS; re:Post)', () => {
    expect(render('[$util.hmacSha256("x")][$input.path("$").frobnicate()]')).toBe('[][]');
  });

  it('applies Java regexes in replaceAll, split and matches', () => {
    expect(
      render(
        '#set($s = "a1b22c333")$s.replaceAll("[0-9]+", "#")|$s.replaceAll("([a-z])(\\d)", "$2$1")|$s.split("\\d+")|$s.matches("[a-c0-9]+")',
      ),
    ).toBe('a#b#c#|1a2b23c33|[a, b, c]|true');
  });
});

describe('$input', () => {
  const body = '{"pets":[{"id":1,"type":"dog"},{"id":2,"type":"cat"}],"owner":{"name":"Jo"},"n":null}';

  it('$input.body is the raw payload', () => {
    expect(render('$input.body', ctx({ body: '<xml/>' }))).toBe('<xml/>');
  });

  it('$input.json returns JSON text, a list for an indefinite path', () => {
    const c = ctx({ body });
    expect(
      render("$input.json('$.owner')|$input.json('$.owner.name')|$input.json('$.pets[*].type')|$input.json('$.n')", c),
    ).toBe('{"name":"Jo"}|"Jo"|["dog","cat"]|null');
  });

  it('$input.json of a path that matches nothing is "" (UNCONFIRMED: rest-vtl-edge-cases)', () => {
    expect(render("$input.json('$.nothing')", ctx({ body }))).toBe('""');
  });

  it('$input.json and $input.path read an empty payload as {} (serverless docs LAMBDA event: "body": {})', () => {
    expect(render("$input.json('$')|$input.path('$').size()", ctx({ body: '' }))).toBe('{}|0');
  });

  it('$input.path returns objects to navigate; a missing member has no value', () => {
    const c = ctx({ body });
    expect(
      render(
        "$input.path('$.pets').size() $input.path('$.pets')[1].type $input.path('$').owner.name [$input.path('$').nope]",
        c,
      ),
    ).toBe('2 cat Jo []');
  });

  it('prefers a parsed jsonPathRoot over the raw body and never modifies it', () => {
    const root = { items: [1, 2] };
    const c = buildVtlContext({ body: 'not json', jsonPathRoot: root, params: {} });
    expect(render("#set($l = $input.path('$.items'))#set($x = $l.add(3))$input.json('$.items')", c)).toBe('[1,2,3]');
    expect(root).toEqual({ items: [1, 2] });
  });

  it('$input.params(name) searches path, then querystring, then header (DG); a missing one is ""', () => {
    const c = ctx({
      params: { path: { id: 'p' }, querystring: { id: 'q', only: 'qs' }, header: { 'X-Only': 'h', id: 'h' } },
    });
    expect(render("$input.params('id')|$input.params('only')|$input.params('x-only')|[$input.params('none')]", c)).toBe(
      'p|qs|h|[]',
    );
    expect(render("$input.params().header.get('X-Only')", c)).toBe('h');
  });

  it('fails with the position of the call when the payload is not JSON', () => {
    const r = renderError("ok\n  $input.json('$.a')", ctx({ body: '<xml/>' }));
    // The position of the method name.
    expect(r).toMatchObject({ phase: 'render', error: { line: 2, column: 10 } });
    expect(r.error.message).toMatch(/not valid JSON/u);
  });

  it('fails on a JSONPath filter, which the playground never evaluates', () => {
    const r = renderError("$input.json('$.pets[?(@.id > 1)]')", ctx({ body }));
    expect(r.error.message).toMatch(/not supported/u);
  });
});

describe('$util', () => {
  it('escapeJavaScript, urlEncode, urlDecode, base64Encode, base64Decode and parseJson', () => {
    const c = ctx({ params: { querystring: { s: 'a b&c=d/é', t: 'say "hi"\n</' } } });
    expect(render("$util.escapeJavaScript($input.params('t'))", c)).toBe('say \\"hi\\"\\n<\\/');
    expect(render("$util.urlEncode($input.params('s'))", c)).toBe('a+b%26c%3Dd%2F%C3%A9');
    expect(render("$util.urlDecode('a+b%26c%3Dd%2F%C3%A9')", c)).toBe('a b&c=d/é');
    expect(render("$util.base64Encode('hello é')", c)).toBe('aGVsbG8gw6k=');
    expect(render("$util.base64Decode('aGVsbG8gw6k=')", c)).toBe('hello é');
    expect(render(`$util.parseJson('{"a":[1,2]}').a[1]`, c)).toBe('2');
  });

  it('reports a malformed urlDecode, base64Decode or parseJson input as a render error at the call', () => {
    for (const call of ["$util.urlDecode('%zz')", "$util.base64Decode('@@@@')", "$util.parseJson('{')"]) {
      const r = renderError(`x ${call}`);
      expect(r, call).toMatchObject({ phase: 'render', error: { line: 1, column: 9 } });
    }
  });
});

describe('syntax errors point at the line and column', () => {
  const cases: Array<[string, string, number, number, RegExp]> = [
    ['unclosed #if', 'a\n  #if($x)\n  b', 2, 3, /#if is not closed/u],
    ['unclosed #foreach', '#set($l = [])\n#foreach($i in $l)\n$i', 2, 1, /#foreach is not closed/u],
    ['#else after #else', '#if(true)a#else b#else c#end', 1, 18, /#else after #else/u],
    ['stray #end', 'x\n#end', 2, 1, /#end without/u],
    ['unknown directive', 'ok\nthen #frobnicate($x)', 2, 6, /unknown directive #frobnicate/u],
    ['unsupported #macro', '#macro(m)x#end', 1, 1, /not supported/u],
    ['bad expression', '#if($a == )x#end', 1, 11, /expected a value/u],
    ['single = in a condition', '#if($a = 1)x#end', 1, 8, /use '=='/u],
    ['#set without =', '#set($a 1)', 1, 9, /expected '='/u],
    ['unterminated string', '#set($a = "abc)', 1, 11, /unterminated string/u],
    ['unclosed method call', "$input.json('$.a'", 1, 18, /expected '\)'/u],
    ['unclosed block comment', 'a #* never closed', 1, 3, /unclosed comment/u],
    ['unclosed ${', '${name', 1, 1, /expected '\}'/u],
  ];
  for (const [name, source, line, column, message] of cases) {
    it(`reports ${name}`, () => {
      const r = parseTemplate(source);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error).toMatchObject({ line, column });
      expect(r.error.message).toMatch(message);
      const rendered = renderTemplate(source, ctx());
      expect(rendered).toMatchObject({ ok: false, phase: 'parse', error: { line, column } });
    });
  }

  it('parses once and renders the same template many times', () => {
    const parsed = parseTemplate('Hello $input.params("who")');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const who = (name: string) => renderTemplate(parsed.template, ctx({ params: { querystring: { who: name } } }));
    expect([who('a'), who('b')].map((r) => r.ok && r.output)).toEqual(['Hello a', 'Hello b']);
  });
});

describe('playground guards', () => {
  it('stops a template that runs away (nested loops) at the step limit', () => {
    const r = renderTemplate(
      '#foreach($a in [1..1000])#foreach($b in [1..1000])#foreach($c in [1..1000])x#end#end#end',
      ctx(),
      { maxSteps: 100_000 },
    );
    expect(r).toMatchObject({ ok: false, phase: 'render' });
    expect(!r.ok && r.error.message).toMatch(/steps/u);
  });

  it('stops a template whose output grows past the limit', () => {
    const r = renderTemplate('#set($s = "xxxxxxxxxx")#foreach($i in [1..20])#set($s = "$s$s")#end$s', ctx(), {
      maxOutputChars: 1_000_000,
    });
    expect(r).toMatchObject({ ok: false, phase: 'render' });
  });

  it('refuses a regex that can backtrack exponentially', () => {
    const r = renderTemplate('#set($s = "aaaa")$s.matches("(a+)+b")', ctx());
    expect(!r.ok && r.error.message).toMatch(/exponential/u);
  });

  it('never reaches JavaScript properties through references or methods', () => {
    expect(
      render('[$input.constructor][$util.constructor.name][$context.__proto__][$context.toString()]x', ctx(), {
        undefinedReferences: 'empty',
      }),
    ).toBe(
      '[][][][{requestId=req-1, stage=dev, httpMethod=POST, resourcePath=/pets/{id}, identity={sourceIp=192.0.2.1, userAgent=curl/8}, authorizer={principalId=user-7, role=admin}, requestOverride={header={}, path={}, querystring={}}, responseOverride={header={}}}]x',
    );
    const r = renderTemplate('#set($m = {})#set($m.__proto__ = "x")$m.size()', ctx());
    expect(r.ok && r.output).toBe('1');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('labels for unconfirmed choices', () => {
  it('labels a render that relied on an unconfirmed corner case (KNOWN_DIFFERENCES rest-vtl-edge-cases)', () => {
    const c = ctx({ body: '{"a":1}', params: { header: { 'X-Id': '7' } } });
    expect(renderTemplate("$input.json('$.a')", c)).not.toHaveProperty('unconfirmed');
    expect(renderTemplate("$input.json('$.b')", c)).toMatchObject({ ok: true, unconfirmed: 'rest-vtl-edge-cases' });
    expect(renderTemplate("$input.params('x-id')", c)).toMatchObject({
      ok: true,
      output: '7',
      unconfirmed: 'rest-vtl-edge-cases',
    });
  });

  it('labels a failure caused by a playground guard, not by AWS (rest-vtl-playground-limits)', () => {
    expect(renderTemplate('#macro(m)#end', ctx())).toMatchObject({
      ok: false,
      phase: 'parse',
      unconfirmed: 'rest-vtl-playground-limits',
    });
    expect(renderTemplate('#foreach($i in [1..10])x#end', ctx(), { maxSteps: 5 })).toMatchObject({
      ok: false,
      phase: 'render',
      unconfirmed: 'rest-vtl-playground-limits',
    });
    expect(renderTemplate('#if(', ctx())).not.toHaveProperty('unconfirmed');
  });
});
