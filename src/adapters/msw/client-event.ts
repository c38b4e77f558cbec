/**
 * What the page's WebSocket client sees, reported to the app (log panel, client frames list).
 *
 * A browser learns almost nothing about a failed handshake: every refusal looks like `error` +
 * `close 1006`. The adapter knows more in fake mode (the gateway's HTTP status, a missing API)
 * and reports it here, so the UI can say "Handshake rejected: HTTP 401". In real mode the
 * backend is not observable, so these events are the only record of what happened.
 */

export type GatewayMode = 'fake' | 'real';

/** Why a handshake failed before `open` (each ends in `error` + `close 1006` at the client). */
export type RejectCause =
  /** Fake mode: the gateway refused the upgrade with `status` (authorizer, `$connect` result, 502 …). */
  | 'status'
  /** Fake mode: no API/stage is registered for this execute-api URL. */
  | 'no-api'
  /**
   * Fake mode: `$connect` accepted, but its `Sec-WebSocket-Protocol` does not fit what the client
   * offered (none returned for an offer, one not offered, or one without an offer), so the browser
   * fails the handshake itself (verified in Chromium, chromium-reference.browser.test.ts).
   */
  | 'subprotocol'
  /** The client called `close()` while the upgrade was pending. */
  | 'aborted'
  /** Real mode: the browser failed the handshake; the HTTP status is not observable. */
  | 'network'
  /** Fake mode: the adapter or engine threw (a bug, reported rather than hidden). */
  | 'internal';

interface ClientEventBase {
  /** Increases per socket created through this gateway, from 1. */
  socketId: number;
  /** The socket the page holds (compare with `===` to find your client). */
  socket: WebSocket;
  /** The URL the page opened (the execute-api URL, also in real mode). */
  url: string;
  /** The mode read when the socket was created (the toggle is read per connection). */
  mode: GatewayMode;
}

export type ClientEvent = ClientEventBase &
  (
    | {
        type: 'connecting';
        /** Where the socket really goes: `url` in fake mode, `realUrl(url)` in real mode. */
        target: string;
        protocols: string[];
      }
    | {
        type: 'open';
        /** The negotiated subprotocol ('' for none). */
        protocol: string;
        extensions: string;
        /** Fake mode: the gateway's connectionId for this client. */
        connectionId?: string;
      }
    | {
        type: 'rejected';
        cause: RejectCause;
        /** The HTTP status the upgrade got, when known (fake mode, cause `status`). */
        status?: number;
        /** One line for the log, e.g. `HTTP 401: Unauthorized` or `no API deployed at this URL`. */
        reason: string;
      }
    | {
        type: 'message';
        /** `sent` by the client, or `received` from the gateway/server. */
        direction: 'sent' | 'received';
        /** The text, or '' for a binary frame. Untrusted: escape before display. */
        data: string;
        binary: boolean;
        /** Bytes on the wire (UTF-8 length for text). */
        size: number;
      }
    | {
        /** The adapter or engine threw while serving this socket (a bug, reported rather than hidden). */
        type: 'internal-error';
        message: string;
      }
    | {
        type: 'close';
        code: number;
        reason: string;
        wasClean: boolean;
        /** Who started the close: the page's `close()`, the gateway/server, or a failed handshake. */
        initiator: 'client' | 'server' | 'handshake';
      }
  );
