/**
 * User-visible words, from `public/_locales/<locale>/messages.json` in the browser's language.
 * Pure: the lookup is handed in by each entrypoint (`browser.i18n.getMessage`), so the modules that
 * word things (status, summaries, budget) import no browser API, and tests hand in the English
 * catalogue (`tests/unit/i18n-setup.ts`). The catalogues are not bundled, so the content script
 * carries keys, not sentences.
 */
import type en from '../public/_locales/en/messages.json';

/** A key of the English catalogue, the reference every other locale must match. */
export type MessageKey = keyof typeof en;

export type MessageLookup = (key: string, substitutions?: string[]) => string;

let lookup: MessageLookup = (key) => key;

/** Sets where messages come from: `browser.i18n.getMessage` in the extension. */
export function setMessageLookup(next: MessageLookup): void {
  lookup = next;
}

/** The message `key` in the user's language, with `$1`, `$2`… filled from `substitutions`. */
export function t(key: MessageKey, ...substitutions: (string | number)[]): string {
  return lookup(key, substitutions.map(String));
}
