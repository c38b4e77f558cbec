import { describe, expect, it } from 'vitest';
import { DefinitionReport } from './definition-errors';
import {
  LAMBDA_RESERVED_ENVIRONMENT_VARIABLES,
  checkFunctionRef,
  isValidHandler,
  validateFunctions,
} from './functions';

function check(functions: unknown) {
  const report = new DefinitionReport();
  const result = validateFunctions(functions, report);
  return { ...result, errors: report.errors.map((e) => `${e.path}: ${e.message}`) };
}

describe('Lambda functions of a definition (Lambda DG configuration-function-common)', () => {
  it('applies Lambda defaults: 3 s, 128 MB, no environment', () => {
    expect(check({ f: { handler: 'f.handler' } })).toEqual({
      functions: { f: { handler: 'f.handler', timeout: 3, memorySize: 128, environment: {} } },
      names: ['f'],
      errors: [],
    });
  });

  it('accepts the handler forms Lambda documents for Node.js: file.export, in a folder, a nested export (DG nodejs-handler)', () => {
    for (const h of [
      'index.handler',
      'src/handlers/index.handler',
      'lib.v2/app.handler',
      'index.handlers.get',
      'a.$_x1',
    ])
      expect(isValidHandler(h), h).toBe(true);
  });

  it('refuses handlers the runtime could not load: no export, dots in the file name, a non-identifier export, spaces, over 128 characters', () => {
    for (const h of [
      'index',
      'index.',
      '.handler',
      'a..handler',
      'index.1st',
      'index.my-handler',
      'my file.handler',
      'src/.handler',
    ])
      expect(isValidHandler(h), h).toBe(false);
    expect(isValidHandler(`${'a'.repeat(120)}.handler`)).toBe(true);
    expect(isValidHandler(`${'a'.repeat(121)}.handler`)).toBe(false);
    expect(check({ f: { handler: 'nodot' } }).errors).toEqual([
      'functions["f"].handler: must be "file.export" (at most 128 characters), e.g. "onconnect.handler" or "src/app.handler"; got the string "nodot"',
    ]);
  });

  it('refuses every environment variable name Lambda reserves (Lambda DG configuration-envvars)', () => {
    for (const name of LAMBDA_RESERVED_ENVIRONMENT_VARIABLES)
      expect(check({ f: { handler: 'f.handler', environment: { [name]: 'x' } } }).errors, name).toEqual([
        `functions["f"].environment["${name}"]: ${name} is reserved by Lambda`,
      ]);
    expect(LAMBDA_RESERVED_ENVIRONMENT_VARIABLES.has('AWS_REGION')).toBe(true);
    expect(check({ f: { handler: 'f.handler', environment: { TABLE_NAME: 'x', NODE_OPTIONS: 'y' } } }).errors).toEqual(
      [],
    );
  });

  it('checks names, timeouts, memory and environment values, reporting every problem', () => {
    expect(
      check({
        'bad name': { handler: 'f.handler' },
        f: {
          handler: 'f.handler',
          timeout: 0,
          memorySize: 64,
          environment: { '1X': 'a', Y: 2 },
          runtime: 'nodejs22.x',
        },
        g: 'g.handler',
      }).errors,
    ).toEqual([
      'functions["bad name"]: function names are 1–64 letters, digits, hyphens or underscores',
      'functions["f"].runtime: unknown key "runtime" (allowed: handler, timeout, memorySize, environment)',
      'functions["f"].timeout: must be a whole number of seconds from 1 to 900; got number 0',
      'functions["f"].memorySize: must be a whole number of MB from 128 to 10240; got number 64',
      'functions["f"].environment["1X"]: names start with a letter and use only letters, digits and underscores',
      'functions["f"].environment["Y"]: must be a string; got number 2',
      'functions["g"]: must be an object like {"handler": "index.handler"}; got the string "g.handler"',
    ]);
  });

  it('names the functions a reference may use', () => {
    const report = new DefinitionReport();
    checkFunctionRef(['a', 'b'], 'x.function', 'c', report);
    checkFunctionRef([], 'y.function', '', report);
    expect(report.errors).toEqual([
      { path: 'x.function', message: 'no function named "c" (functions are: a, b)' },
      { path: 'y.function', message: 'required: the name of a function in "functions"; got the string ""' },
    ]);
  });
});
