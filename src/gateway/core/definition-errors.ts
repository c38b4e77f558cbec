/**
 * What the three definition validators share to report problems: the error shape, the helpers
 * that name fields and describe bad values in messages (`routes["sendmessage"].integration.function:
 * expected a string, got an object`), the collector every validator fills, and one line per error
 * for exceptions and logs.
 */
import { DEFAULT_REGION } from './request-defaults';

export interface DefinitionError {
  /** Where, in the definition's own vocabulary: `routes["sendmessage"].integration.function`. */
  path: string;
  message: string;
}

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

/** A name as it appears in a message: JSON-quoted. */
export function q(s: string): string {
  return JSON.stringify(s);
}

/** `parent["k"]`: a map entry's path. */
export function key(parent: string, k: string): string {
  return `${parent}[${q(k)}]`;
}

/** `path.k` (or `k` at the top). */
export function join(path: string, k: string): string {
  return path ? `${path}.${k}` : k;
}

/** What a wrong value is, in a few words. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the string ${q(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}

export function listOrNone(names: readonly string[]): string {
  return names.length ? names.join(', ') : 'none defined';
}

/** Collects every problem of one definition, so a validator reports them all, not just the first. */
export class DefinitionReport {
  readonly errors: DefinitionError[] = [];

  /** Records one problem (bound, so it can be passed around as a function). */
  readonly err = (path: string, message: string): void => {
    this.errors.push({ path, message });
  };

  /** Reports every key of `obj` not in `allowed`, naming the allowed ones (`$schema` is accepted silently). */
  readonly unknownKeys = (obj: Obj, allowed: readonly string[], path: string): void => {
    for (const k of Object.keys(obj))
      if (!allowed.includes(k))
        this.err(join(path, k), `unknown key ${q(k)} (allowed: ${allowed.filter((a) => a !== '$schema').join(', ')})`);
  };
}

/** The one error of a definition that is not an object at all. */
export function notAnObject(input: unknown): { ok: false; errors: DefinitionError[] } {
  return { ok: false, errors: [{ path: '', message: `the definition must be a JSON object, got ${describe(input)}` }] };
}

/**
 * `protocolType` and `name`, which every definition starts with. apigatewayv2 CreateApi
 * (WebSocket and HTTP APIs) takes names of at most 128 characters (`maxNameLength`).
 */
export function checkProtocolAndName(
  input: Obj,
  report: DefinitionReport,
  type: { protocolType: string; label: string; maxNameLength?: number },
): void {
  if (input.protocolType !== type.protocolType)
    report.err(
      'protocolType',
      `must be ${q(type.protocolType)} for ${type.label}, got ${describe(input.protocolType)}`,
    );
  if (typeof input.name !== 'string' || input.name.trim() === '') report.err('name', 'required: a non-empty string');
  else if (type.maxNameLength !== undefined && input.name.length > type.maxNameLength)
    report.err('name', `at most ${type.maxNameLength} characters`);
}

/**
 * The `apiId` and `region` every API type takes: an id of 10 lowercase letters or digits, as
 * execute-api hosts have (`{apiId}.execute-api.{region}.amazonaws.com`), and a Region name
 * (default `us-east-1`). Returns the Region.
 */
export function checkApiIdAndRegion(input: Obj, report: DefinitionReport): string {
  if (input.apiId !== undefined && (typeof input.apiId !== 'string' || !/^[a-z0-9]{10}$/.test(input.apiId)))
    report.err('apiId', `must be 10 lowercase letters or digits, like "dl7ptocha9"; got ${describe(input.apiId)}`);
  const region = input.region ?? DEFAULT_REGION;
  if (typeof region !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(region))
    report.err('region', `must be an AWS Region name like "us-east-1"; got ${describe(region)}`);
  return region as string;
}

/** One line per error, `path: message`, for exceptions, logs and UI lists. */
export function formatDefinitionErrors(errors: readonly DefinitionError[]): string {
  return errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('\n');
}
