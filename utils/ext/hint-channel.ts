/**
 * The hint socket's place in the background: open only while someone looks, at the settings' API
 * base, its state recorded in the snapshot, each hint a refresh.
 */
import type { Engine } from '../engine/engine';
import { type HintSocket, openHintSocket } from '../meridinate/hint-socket';
import type { RefreshReason } from '../schedule/policy';
import type { Settings } from '../settings';

export interface HintChannel {
  /** Opens the socket for `settings` (or keeps the one open at the same address). */
  ensure(settings: Settings): void;
  /** After a poll the back end answered: a socket waiting to reconnect tries now. */
  retryNow(): void;
  close(): void;
}

/** The background's one hint socket; `refresh` is the poller's. */
export function createHintChannel(engine: Engine, refresh: (reason: RefreshReason) => void): HintChannel {
  let socket: HintSocket | null = null;
  let socketUrl = '';
  return {
    ensure(settings) {
      const url = `${settings.apiBase.replace(/^http/, 'ws')}/ws`;
      if (socket && socketUrl === url) return;
      socket?.close();
      socketUrl = url;
      let lost = false;
      socket = openHintSocket({
        url,
        WebSocket,
        onHint: () => refresh('hint'),
        onState: (state) => {
          const reconnected = state === 'connected' && lost;
          if (state !== 'connecting') lost = state === 'closed';
          engine
            .update((s) => (s.socket === state ? s : { ...s, socket: state }))
            .then((s) => {
              // The socket coming back after the back end failed means it is up again: fetch now
              // rather than at the end of a backoff that may last minutes. (Not on every reconnect:
              // a flapping socket in front of a healthy back end must not multiply the requests.)
              if (reconnected && s.failures > 0) refresh('hint');
            })
            .catch(() => {});
        },
      });
    },
    retryNow() {
      socket?.retryNow();
    },
    close() {
      socket?.close();
      socket = null;
      socketUrl = '';
    },
  };
}
