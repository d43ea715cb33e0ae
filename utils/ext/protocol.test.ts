import { describe, expect, it } from 'vitest';
import { isTrustedSender, parseViewerMessage } from './protocol';

describe('parseViewerMessage', () => {
  it.each([
    [
      { type: 'hello', view: 'bar', visible: true },
      { type: 'hello', view: 'bar', visible: true },
    ],
    [
      { type: 'hello', view: 'popup', visible: false, extra: 1 },
      { type: 'hello', view: 'popup', visible: false },
    ],
    [
      { type: 'visibility', visible: false },
      { type: 'visibility', visible: false },
    ],
    [{ type: 'refresh', url: 'http://evil.example' }, { type: 'refresh' }],
    [{ type: 'heartbeat' }, { type: 'heartbeat' }],
    [{ type: 'reprobe' }, { type: 'reprobe' }],
    [{ type: 'hello', view: 'page', visible: true }, null],
    [{ type: 'hello', view: 'bar' }, null],
    [{ type: 'visibility', visible: 'yes' }, null],
    [{ type: 'fetch', url: 'http://evil.example' }, null],
    [{ type: '__proto__' }, null],
    ['refresh', null],
    [null, null],
    [42, null],
  ])('%j → %j', (message, expected) => {
    expect(parseViewerMessage(message)).toEqual(expected);
  });
});

describe('isTrustedSender', () => {
  const ID = 'abcdefghijklmnopabcdefghijklmnop';
  const BASE = `chrome-extension://${ID}/`;
  const ORIGINS = ['http://localhost:3000'];
  it.each([
    ['our popup', { id: ID, url: `${BASE}popup.html` }, true],
    [
      'our content script on the app',
      { id: ID, url: 'http://localhost:3000/dashboard/tokens', tabId: 3 },
      true,
    ],
    ['our content script on another site', { id: ID, url: 'http://evil.example/', tabId: 3 }, false],
    ['another extension', { id: 'other', url: `${BASE}popup.html` }, false],
    [
      'a page of ours claimed by a tabless sender with a web URL',
      { id: ID, url: 'http://localhost:3000/' },
      false,
    ],
    ['no URL', { id: ID }, false],
    ['a garbage URL from a tab', { id: ID, url: '::', tabId: 1 }, false],
  ])('%s → %s', (_name, sender, expected) => {
    expect(isTrustedSender(sender, ID, BASE, ORIGINS)).toBe(expected);
  });
});
