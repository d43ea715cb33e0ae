import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openHintSocket, type SocketState } from './hint-socket';

/** A WebSocket stand-in: each one is kept, and the test opens or closes it. */
class FakeSocket {
  static made: FakeSocket[] = [];
  onopen: (() => void) | null = null;
  onclose: (() => void) | null = null;
  onmessage: ((message: { data: unknown }) => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.made.push(this);
  }
  send() {}
  close() {
    this.onclose?.();
  }
}

describe('the hint socket after a poll the back end answered', () => {
  let states: SocketState[];
  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.made = [];
    states = [];
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  const open = () =>
    openHintSocket({
      url: 'ws://localhost:5003/ws',
      WebSocket: FakeSocket as unknown as typeof WebSocket,
      onHint: () => {},
      onState: (state) => states.push(state),
      // The longest wait the backoff allows.
      random: () => 0.999,
    });

  it('connects at once instead of waiting out its reconnect backoff', () => {
    const socket = open();
    for (let i = 0; i < 4; i += 1) {
      (FakeSocket.made.at(-1) as FakeSocket).close(); // refused
      vi.advanceTimersToNextTimer();
    }
    (FakeSocket.made.at(-1) as FakeSocket).close();
    expect(FakeSocket.made).toHaveLength(5);
    expect(vi.getTimerCount(), 'a reconnect is waiting').toBe(1);
    socket.retryNow();
    expect(FakeSocket.made).toHaveLength(6);
    expect(states.at(-1)).toBe('connecting');
    expect(vi.getTimerCount(), 'the backoff timer is gone').toBe(0);
    socket.close();
  });

  it('does nothing while connected or connecting, or once closed', () => {
    const socket = open();
    socket.retryNow();
    expect(FakeSocket.made, 'connecting: no second socket').toHaveLength(1);
    (FakeSocket.made[0] as FakeSocket).onopen?.();
    socket.retryNow();
    expect(FakeSocket.made, 'connected: no second socket').toHaveLength(1);
    socket.close();
    socket.retryNow();
    expect(FakeSocket.made, 'closed for good').toHaveLength(1);
  });
});
