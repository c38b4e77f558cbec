/**
 * Share links, loaded on first use (a link opened, the Share dialog): the payload codecs and the
 * versioned state they carry. The page's side (which workspace a link opens in, the banner's
 * facts) is src/state/share.svelte.ts.
 */
export { captureShare, startOf } from './page';
export { decodePayload, encodePayload, MAX_JSON_BYTES, ShareCodecError, type Encoded } from './codec';
export {
  applyShare,
  diffShare,
  diffSize,
  readShareState,
  summarize,
  SHARE_VERSION,
  ShareStateError,
  type ShareBase,
  type ShareState,
  type ShareSummary,
  type SharedClient,
  type Setup,
} from './state';
