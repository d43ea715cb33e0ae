/**
 * Whether anybody looks, with a grace period: a bar's port closes for a moment when the app
 * navigates Tokens ↔ Ingestion, and tearing down the alarm and the socket then would make the
 * status flicker, cost a WebSocket handshake and restart the poll phase. "Nobody looks" is
 * decided only after `graceMs` without a viewer. Timers come in as parameters (tests use fake ones).
 */
export interface PresenceDeps {
  graceMs: number;
  /** Whether a visible viewer is connected right now. */
  someoneLooks: () => boolean;
  /** Nobody looked for the whole grace period. */
  onLeave: () => void;
  /** Someone looks again after nobody did (or for the first time since the worker started). */
  onReturn?: () => void;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

/** Viewers are kept this long after the last one leaves (or hides) before polling stops. */
export const VIEWER_GRACE_MS = 5_000;

export interface Presence {
  /** Call whenever viewers come, go or change visibility. Returns whether someone looks now. */
  changed(): boolean;
  /** Whether a teardown is waiting out the grace period. */
  leaving(): boolean;
}

export function createPresence(deps: PresenceDeps): Presence {
  const setTimer = deps.setTimer ?? ((run: () => void, ms: number) => setTimeout(run, ms));
  const clearTimer =
    deps.clearTimer ?? ((timer: unknown) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  let pending: unknown = null;
  /** Whether polling runs: from the first look until a leave that outlasted the grace period. */
  let watching = false;
  return {
    changed() {
      if (deps.someoneLooks()) {
        if (pending !== null) clearTimer(pending);
        pending = null;
        if (!watching) deps.onReturn?.();
        watching = true;
        return true;
      }
      pending ??= setTimer(() => {
        pending = null;
        if (deps.someoneLooks()) return;
        watching = false;
        deps.onLeave();
      }, deps.graceMs);
      return false;
    },
    leaving: () => pending !== null,
  };
}
