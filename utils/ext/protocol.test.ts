import { describe, expect, it } from 'vitest';
import { isTrustedSender, MAX_DOCK_ENTRIES, parseViewerMessage, withDockHeight } from './protocol';

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
    // No longer part of the protocol (nothing sent it).
    [{ type: 'reprobe' }, null],
    [
      { type: 'dock', page: 'tokens', height: 37, key: 'http://evil.example tokens' },
      { type: 'dock', page: 'tokens', height: 37 },
    ],
    [
      { type: 'dock', page: 'ingestion', height: 0 },
      { type: 'dock', page: 'ingestion', height: 0 },
    ],
    [
      { type: 'dock', page: 'tokens', height: 200 },
      { type: 'dock', page: 'tokens', height: 200 },
    ],
    [{ type: 'dock', page: 'tokens', height: 201 }, null],
    [{ type: 'dock', page: 'tokens', height: -1 }, null],
    [{ type: 'dock', page: 'tokens', height: 37.5 }, null],
    [{ type: 'dock', page: 'tokens', height: '37' }, null],
    [{ type: 'dock', page: 'wallets', height: 37 }, null],
    [{ type: 'dock', height: 37 }, null],
    [
      { type: 'history', open: true, extra: 1 },
      { type: 'history', open: true },
    ],
    [
      { type: 'history', open: false },
      { type: 'history', open: false },
    ],
    [{ type: 'history', open: 'yes' }, null],
    [{ type: 'history' }, null],
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

describe('withDockHeight', () => {
  it('sets the entry as the newest, replacing an older one for the same key', () => {
    expect(Object.entries(withDockHeight({ a: 1, b: 2 }, 'a', 3))).toEqual([
      ['b', 2],
      ['a', 3],
    ]);
  });

  it(`keeps the newest ${MAX_DOCK_ENTRIES}`, () => {
    let all = {};
    for (let i = 0; i < MAX_DOCK_ENTRIES + 3; i += 1) all = withDockHeight(all, `k${i}`, i);
    expect(Object.keys(all)).toHaveLength(MAX_DOCK_ENTRIES);
    expect(all).not.toHaveProperty('k2');
    expect(all).toHaveProperty('k3', 3);
    expect(all).toHaveProperty(`k${MAX_DOCK_ENTRIES + 2}`, MAX_DOCK_ENTRIES + 2);
  });
});
