import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// The boundaries of src/gateway are lint rules (eslint.config.js), so they cannot erode
// silently. These checks lint imports written into files that do not exist, at the path the
// rule looks at, and assert which the rule refuses.

const root = fileURLToPath(new URL('..', import.meta.url));
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The no-restricted-imports messages for one import line in a file at `path`. */
async function restricted(path: string, specifier: string): Promise<string[]> {
  const code = `import * as probe from '${specifier}';\nexport const used = probe;\n`;
  const [result] = await eslint.lintText(code, { filePath: `${root}${path}` });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const cases: { file: string; refused: string[]; allowed: string[] }[] = [
  {
    file: 'src/gateway/websocket/probe.ts',
    refused: ['../http/request', '../rest/authorizer', '../api', '../index', '..', '../api-type', '../../state/app'],
    allowed: ['./events', '../core/bytes', '../trace', '../integration/lambda', './api', '../http-types'],
  },
  {
    file: 'src/gateway/http/probe.ts',
    refused: ['../websocket/events', '../rest/events', '../index', '../api'],
    allowed: ['./request', './jwt/jwt', '../core/iam-policy', '../clock'],
  },
  {
    file: 'src/gateway/http/jwt/probe.ts',
    refused: ['../../websocket/events', '../../rest/vtl/util', '../../index', '../..', '../../../runtime/x'],
    allowed: ['./bytes', '../request', '../../core/bytes'],
  },
  {
    file: 'src/gateway/rest/probe.ts',
    refused: ['../websocket/engine', '../http/cors', '../api', '../index.ts'],
    allowed: ['./engine', './vtl/util', '../core/stages', '../throttle'],
  },
  {
    file: 'src/gateway/rest/vtl/probe.ts',
    refused: ['../../http/request', '../../websocket/events', '../../api'],
    allowed: ['./util', '../events', '../../core/bytes'],
  },
  {
    file: 'src/gateway/core/probe.ts',
    refused: ['../websocket/events', '../http/request', '../rest/definition', '../api', '../index', '..'],
    allowed: ['./bytes', '../invoker', '../trace'],
  },
  {
    file: 'src/gateway/integration/probe.ts',
    refused: ['../websocket/frames', '../index'],
    allowed: ['../core/functions', '../clock'],
  },
  {
    file: 'src/gateway/probe.ts',
    refused: ['./websocket/engine', './http/routes', './rest/engine', './api', './index', '.', '../state/app'],
    allowed: ['./core/functions', './clock', './integration/lambda'],
  },
];

describe('lint boundaries of src/gateway (DESIGN.md, "Modules and their boundaries")', () => {
  for (const { file, refused, allowed } of cases) {
    it(
      `refuses what ${file.replace('/probe.ts', '/')} may not import, and allows what it may`,
      { timeout: 60_000 },
      async () => {
        for (const specifier of refused)
          expect(await restricted(file, specifier), `${file}: import '${specifier}'`).toHaveLength(1);
        for (const specifier of allowed)
          expect(await restricted(file, specifier), `${file}: import '${specifier}'`).toEqual([]);
      },
    );
  }

  it(
    'leaves the public entry, and tests beside the code, free to import across the gateway',
    { timeout: 60_000 },
    async () => {
      expect(await restricted('src/gateway/api.ts', './websocket/engine')).toEqual([]);
      expect(await restricted('src/gateway/index.ts', './rest/engine')).toEqual([]);
      expect(await restricted('src/gateway/http/probe.test.ts', '../index')).toEqual([]);
    },
  );

  it('names the rule the import breaks', { timeout: 60_000 }, async () => {
    expect(await restricted('src/gateway/rest/probe.ts', '../websocket/events')).toEqual([
      "'../websocket/events' import is restricted from being used by a pattern. src/gateway/rest imports only src/gateway/core, the top-level shared modules and itself.",
    ]);
  });
});
