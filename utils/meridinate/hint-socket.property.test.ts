// Property test: any frame anyone can broadcast over the app's WebSocket is at most a hint.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseHintFrame } from './hint-socket';

const HINTS = [null, 'analysis_complete', 'credits_updated'];

describe('parseHintFrame on anything', () => {
  it('never throws and gives a known hint or null', () => {
    const frame = fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc
        .record({ event: fc.oneof(fc.constantFrom(...HINTS), fc.string()), data: fc.jsonValue() })
        .map((v) => JSON.stringify(v)),
      fc.string({ unit: 'binary' }),
      fc.anything(),
    );
    fc.assert(
      fc.property(frame, (data) => {
        expect(HINTS).toContain(parseHintFrame(data));
      }),
      { numRuns: 200 },
    );
  }, 30_000);

  it('a hint needs a string frame whose event is a hint, whatever the payload', () => {
    fc.assert(
      fc.property(fc.constantFrom('analysis_complete', 'credits_updated'), fc.jsonValue(), (event, data) => {
        expect(parseHintFrame(JSON.stringify({ event, data }))).toBe(event);
        expect(parseHintFrame({ event, data })).toBeNull();
      }),
      { numRuns: 100 },
    );
  }, 30_000);
});
