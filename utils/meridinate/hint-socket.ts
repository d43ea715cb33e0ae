/**
 * The app's WebSocket, used only as a "refresh now" hint channel. It pings every ~20 s (which also
 * keeps an MV3 worker alive while someone looks), treats a socket that stops answering as dead,
 * and reconnects with backoff. Payloads are never displayed: anyone on the machine can broadcast
 * through the app's unauthenticated `/notify/*` endpoints.
 */

export type SocketState = 'connected' | 'connecting' | 'closed';

export interface HintSocketOptions {
  url: string;
  WebSocket: typeof WebSocket;
  onHint: (event: 'analysis_complete' | 'credits_updated') => void;
  onState: (state: SocketState) => void;
  random?: () => number;
  pingEveryMs?: number;
  /** A socket with no frame for this long after a ping is dead. */
  deadAfterMs?: number;
}

export interface HintSocket {
  close(): void;
  /**
   * Connects at once if the socket is waiting out its reconnect backoff: the back end just answered
   * a poll, so it is up, and the socket may be too (a no-op while connected or connecting).
   */
  retryNow(): void;
}

const HINT_EVENTS = new Set(['analysis_complete', 'credits_updated']);
const RECONNECT_BASE_MS = 2_000;
/** A back end that comes back is noticed within about one default poll interval (30 s). */
const RECONNECT_CAP_MS = 30_000;

/** Reads a frame and returns the hint it carries, if any. Exported for tests. */
export function parseHintFrame(data: unknown): 'analysis_complete' | 'credits_updated' | null {
  if (typeof data !== 'string' || data.length > 100_000) return null;
  try {
    const frame = JSON.parse(data) as unknown;
    if (!frame || typeof frame !== 'object') return null;
    const event = (frame as { event?: unknown }).event;
    return typeof event === 'string' && HINT_EVENTS.has(event)
      ? (event as 'analysis_complete' | 'credits_updated')
      : null;
  } catch {
    return null;
  }
}

/** Opens the hint socket and keeps it open until `close()`. */
export function openHintSocket(options: HintSocketOptions): HintSocket {
  const pingEveryMs = options.pingEveryMs ?? 20_000;
  const deadAfterMs = options.deadAfterMs ?? 10_000;
  const random = options.random ?? Math.random;
  let socket: WebSocket | null = null;
  let closed = false;
  let attempts = 0;
  let pingTimer: ReturnType<typeof setInterval> | undefined;
  let deadTimer: ReturnType<typeof setTimeout> | undefined;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;

  const clearTimers = () => {
    clearInterval(pingTimer);
    clearTimeout(deadTimer);
    clearTimeout(reconnectTimer);
  };

  const scheduleReconnect = () => {
    if (closed) return;
    attempts += 1;
    const ceiling = Math.min(RECONNECT_CAP_MS, RECONNECT_BASE_MS * 2 ** Math.min(attempts, 8));
    reconnectTimer = setTimeout(connect, Math.max(1000, Math.round(random() * ceiling)));
  };

  function connect() {
    if (closed) return;
    options.onState('connecting');
    let ws: WebSocket;
    try {
      ws = new options.WebSocket(options.url);
    } catch {
      options.onState('closed');
      scheduleReconnect();
      return;
    }
    socket = ws;
    ws.onopen = () => {
      attempts = 0;
      options.onState('connected');
      pingTimer = setInterval(() => {
        try {
          ws.send('ping');
        } catch {
          ws.close();
        }
        clearTimeout(deadTimer);
        deadTimer = setTimeout(() => ws.close(), deadAfterMs);
      }, pingEveryMs);
    };
    ws.onmessage = (message) => {
      clearTimeout(deadTimer);
      const hint = parseHintFrame(message.data);
      if (hint) options.onHint(hint);
    };
    ws.onclose = () => {
      clearTimers();
      if (socket !== ws) return;
      socket = null;
      if (closed) return;
      options.onState('closed');
      scheduleReconnect();
    };
    ws.onerror = () => {
      // onclose follows and handles the reconnect.
    };
  }

  connect();
  return {
    retryNow() {
      if (closed || socket) return;
      clearTimeout(reconnectTimer);
      connect();
    },
    close() {
      closed = true;
      clearTimers();
      const ws = socket;
      socket = null;
      ws?.close();
      options.onState('closed');
    },
  };
}
