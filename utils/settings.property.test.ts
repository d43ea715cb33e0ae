// Property test: whatever is in storage (an old version, a hand edit, junk) reads as complete,
// well-formed settings.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coerceSettings, DEFAULT_SETTINGS, POLL_SECONDS_MAX } from './settings';

const webOrigin = fc.webUrl().map((url) => new URL(url).origin);

describe('coerceSettings on anything', () => {
  it('gives settings of the right types and forms', () => {
    const stored = fc.oneof(
      fc.anything(),
      fc.record(
        {
          enabled: fc.anything(),
          pages: fc.oneof(fc.anything(), fc.record({ tokens: fc.anything(), ingestion: fc.anything() })),
          apiBase: fc.oneof(fc.webUrl(), fc.string(), fc.constant('javascript:alert(1)')),
          appOrigins: fc.oneof(fc.array(fc.oneof(webOrigin, fc.string())), fc.anything()),
          routes: fc.oneof(
            fc.anything(),
            fc.record({
              tokens: fc.oneof(fc.string(), fc.webPath()),
              ingestion: fc.oneof(fc.string(), fc.webPath()),
            }),
          ),
          pollSeconds: fc.oneof(fc.integer(), fc.double(), fc.anything()),
        },
        { requiredKeys: [] },
      ),
    );
    fc.assert(
      fc.property(stored, fc.integer({ min: 1, max: 30 }), (raw, min) => {
        const s = coerceSettings(raw, min);
        expect(Object.keys(s).sort()).toEqual(Object.keys(DEFAULT_SETTINGS).sort());
        expect(typeof s.enabled).toBe('boolean');
        expect(typeof s.pages.tokens).toBe('boolean');
        expect(typeof s.pages.ingestion).toBe('boolean');
        expect(s.apiBase).toMatch(/^https?:\/\/[^\s?#]+$/);
        expect(s.appOrigins.length).toBeGreaterThan(0);
        for (const origin of s.appOrigins) expect(origin).toMatch(/^https?:\/\/[^/\s]+$/);
        expect(s.routes.tokens).toMatch(/^\/[A-Za-z0-9._~\-/]*$/);
        expect(s.routes.ingestion).toMatch(/^\/[A-Za-z0-9._~\-/]*$/);
        expect(s.routes.tokens).not.toBe(s.routes.ingestion);
        expect(Number.isInteger(s.pollSeconds)).toBe(true);
        expect(s.pollSeconds).toBeGreaterThanOrEqual(min);
        expect(s.pollSeconds).toBeLessThanOrEqual(POLL_SECONDS_MAX);
      }),
      { numRuns: 500 },
    );
  }, 30_000);
});
