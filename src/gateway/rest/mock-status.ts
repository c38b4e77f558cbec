/**
 * How a MOCK integration reads its status code from the integration request (what the request
 * template produced): DG how-to-mock-integration, docs/aws-behaviour.md §5.9.
 *
 * Strict JSON is the documented form (`{"statusCode": 200}`). AWS also takes the relaxed object
 * text AWS CDK writes for every CORS preflight it generates (`{ statusCode: 200 }`, an unquoted
 * key), which is deployed on real APIs every day; how far that leniency goes is not documented
 * (known difference rest-mock-status-code).
 */
import type { KnownDifferenceId } from '../core/known-differences';

export type MockStatus =
  | { ok: true; statusCode: number; unconfirmed?: KnownDifferenceId }
  | { ok: false; reason: string; unconfirmed?: KnownDifferenceId };

/** The message AWS logs when it cannot read the status code (LS integrations/mock.py). */
export const MOCK_STATUS_UNREADABLE =
  'Execution failed due to configuration error: Unable to parse statusCode. It should be an integer that is defined in the request template.';

/**
 * Reads `statusCode` from a MOCK integration request. Strict JSON first: an object whose
 * `statusCode` is a JSON integer. Otherwise, the relaxed reading (rest-mock-status-code): the
 * whole text is one `{…}`, and a top-level member named statusCode (bare, 'single' or
 * "double" quoted) has an integer value. A string "200", a fraction, no member or text that is
 * not an object cannot be read.
 */
export function readMockStatusCode(text: string): MockStatus {
  let parsed: unknown;
  let strict = true;
  try {
    parsed = JSON.parse(text);
  } catch {
    strict = false;
  }
  if (strict) {
    const code =
      typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
        ? (parsed as Record<string, unknown>).statusCode
        : undefined;
    return typeof code === 'number' && Number.isInteger(code)
      ? { ok: true, statusCode: code }
      : { ok: false, reason: MOCK_STATUS_UNREADABLE };
  }
  const code = relaxedStatusCode(text);
  return code === undefined
    ? { ok: false, reason: MOCK_STATUS_UNREADABLE, unconfirmed: 'rest-mock-status-code' }
    : { ok: true, statusCode: code, unconfirmed: 'rest-mock-status-code' };
}

/** The integer value of a top-level statusCode member of relaxed object text, if any. */
function relaxedStatusCode(text: string): number | undefined {
  const t = text.trim();
  if (!t.startsWith('{') || !t.endsWith('}')) return undefined;
  const inner = t.slice(1, -1);
  // Split the members at top-level commas, skipping nested brackets and quoted text.
  const members: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      members.push(inner.slice(start, i));
      start = i + 1;
    }
    if (depth < 0) return undefined;
  }
  if (quote || depth !== 0) return undefined;
  members.push(inner.slice(start));
  for (const m of members) {
    const match = /^\s*(?:statusCode|"statusCode"|'statusCode')\s*:\s*(-?\d+)\s*$/.exec(m);
    if (match) return Number(match[1]);
  }
  return undefined;
}
