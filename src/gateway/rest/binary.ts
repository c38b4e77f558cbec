/**
 * Binary payloads on a REST API (DG api-gateway-payload-encodings, DG
 * api-gateway-payload-encodings-workflow; docs/aws-behaviour.md §5.12): which media types the
 * API treats as binary (`binaryMediaTypes`), and the conversions `contentHandling` asks for.
 *
 * The playground carries bodies as text. A body that API Gateway would send as raw bytes is
 * decoded from base64 and shown as UTF-8 text; bytes that are not UTF-8 show as U+FFFD (known
 * difference rest-binary-media-types).
 */
import { base64Decode, base64Encode, utf8Decode, utf8Encode } from '../core/bytes';

export type ContentHandling = 'CONVERT_TO_BINARY' | 'CONVERT_TO_TEXT';

/**
 * The first media type of a Content-Type or Accept value, lowercased, without parameters: "When
 * a request contains multiple media types in its Accept header, API Gateway only honors the first"
 * (DG api-gateway-payload-encodings-workflow).
 */
export function firstMediaType(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const t = value.split(',')[0].split(';')[0].trim().toLowerCase();
  return t === '' ? undefined : t;
}

/**
 * Whether a media type is in `binaryMediaTypes`. An entry may use `*` for the type or the
 * subtype (`image/*`, and `*\/*` for every type); matching ignores case and parameters
 * (rest-binary-media-types).
 */
export function isBinaryMediaType(mediaType: string | undefined, binaryMediaTypes: readonly string[]): boolean {
  const t = firstMediaType(mediaType);
  if (!t || binaryMediaTypes.length === 0) return false;
  const [type, subtype] = t.split('/');
  if (subtype === undefined) return false;
  return binaryMediaTypes.some((entry) => {
    const [et, es] = entry.split(';')[0].trim().toLowerCase().split('/');
    if (es === undefined) return false;
    return (et === '*' || et === type) && (es === '*' || es === subtype);
  });
}

/** Base64 text → the bytes it encodes, shown as text; undefined when it is not base64. */
export function decodeBase64Body(text: string): string | undefined {
  const bytes = base64Decode(text.trim());
  return bytes ? utf8Decode(bytes) : undefined;
}

/** A body's bytes (UTF-8 of the text) as base64. */
export function encodeBase64Body(text: string): string {
  return base64Encode(utf8Encode(text));
}

/**
 * What a text payload becomes on its way to the client (DG api-gateway-payload-encodings-workflow,
 * "API Gateway Response Content Type Conversions", the rows for text data): CONVERT_TO_BINARY, or
 * no contentHandling with an Accept type in binaryMediaTypes, base64-decodes it ("If the conversion
 * fails, it returns a 500 response"); CONVERT_TO_TEXT and every other case keep the text.
 */
export function convertResponseText(
  body: string,
  contentHandling: ContentHandling | undefined,
  acceptIsBinary: boolean,
): { ok: true; body: string; converted: boolean } | { ok: false } {
  const toBinary = contentHandling === 'CONVERT_TO_BINARY' || (contentHandling === undefined && acceptIsBinary);
  if (!toBinary) return { ok: true, body, converted: false };
  const decoded = decodeBase64Body(body);
  return decoded === undefined ? { ok: false } : { ok: true, body: decoded, converted: true };
}

/**
 * What the request payload becomes on its way to a non-proxy integration (DG
 * api-gateway-payload-encodings-workflow, "API Request Content Type Conversions"): a binary
 * payload (its Content-Type in binaryMediaTypes) under CONVERT_TO_TEXT becomes base64 text; a
 * text payload under CONVERT_TO_BINARY is base64-decoded (500 when it is not base64); otherwise
 * it passes as it is.
 */
export function convertRequestBody(
  body: string,
  contentHandling: ContentHandling | undefined,
  payloadIsBinary: boolean,
): { ok: true; body: string } | { ok: false } {
  if (payloadIsBinary && contentHandling === 'CONVERT_TO_TEXT') return { ok: true, body: encodeBase64Body(body) };
  if (!payloadIsBinary && contentHandling === 'CONVERT_TO_BINARY') {
    const decoded = decodeBase64Body(body);
    return decoded === undefined ? { ok: false } : { ok: true, body: decoded };
  }
  return { ok: true, body };
}
