// Property tests: no message and no sender can be more than the protocol allows.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTrustedSender, parseViewerMessage } from './protocol';

const webOrigin = fc.webUrl().map((url) => new URL(url).origin);

const TYPES = ['hello', 'visibility', 'refresh', 'heartbeat'];

describe('parseViewerMessage on anything', () => {
  it('never throws; a message that gets through has exactly the declared fields', () => {
    const message = fc.oneof(
      fc.anything(),
      fc.record(
        {
          type: fc.oneof(
            fc.constantFrom(...TYPES, 'reprobe', '__proto__', 'constructor', 'fetch'),
            fc.string(),
          ),
          view: fc.oneof(fc.constantFrom('bar', 'popup', 'options', 'page'), fc.anything()),
          visible: fc.oneof(fc.boolean(), fc.anything()),
          url: fc.webUrl(),
        },
        { requiredKeys: [] },
      ),
    );
    fc.assert(
      fc.property(message, (raw) => {
        const parsed = parseViewerMessage(raw);
        if (parsed === null) return;
        expect(TYPES).toContain(parsed.type);
        const keys = Object.keys(parsed).sort();
        if (parsed.type === 'hello') {
          expect(keys).toEqual(['type', 'view', 'visible']);
          expect(['bar', 'popup']).toContain(parsed.view);
          expect(typeof parsed.visible).toBe('boolean');
        } else if (parsed.type === 'visibility') {
          expect(keys).toEqual(['type', 'visible']);
          expect(typeof parsed.visible).toBe('boolean');
        } else {
          expect(keys).toEqual(['type']);
        }
      }),
      { numRuns: 500 },
    );
  }, 30_000);
});

describe('isTrustedSender on anything', () => {
  const ID = 'abcdefghijklmnopabcdefghijklmnop';
  const BASE = `chrome-extension://${ID}/`;

  it('never trusts another extension, a missing URL, or a page origin not in the settings', () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            id: fc.oneof(fc.constant(ID), fc.string()),
            url: fc.oneof(fc.webUrl(), fc.string(), fc.constant(`${BASE}popup.html`)),
            tabId: fc.nat(),
          },
          { requiredKeys: [] },
        ),
        fc.array(webOrigin, { maxLength: 3 }),
        (sender, origins) => {
          const trusted = isTrustedSender(sender, ID, BASE, origins);
          if (!trusted) return;
          expect(sender.id).toBe(ID);
          const url = sender.url ?? '';
          const fromOwnPage = url.startsWith(BASE);
          const fromAppTab = sender.tabId !== undefined && origins.includes(new URL(url).origin);
          expect(fromOwnPage || fromAppTab).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  }, 30_000);
});
