import { browser } from 'wxt/browser';
import { setMessageLookup, t } from '../i18n';

/** Words come from the extension's `_locales`, in the browser's language. Call first in each context. */
export function installMessages(): void {
  // Keys are checked against the English catalogue by `t` (utils/i18n.ts) already.
  const i18n = browser.i18n as unknown as { getMessage(key: string, substitutions?: string[]): string };
  setMessageLookup((key, substitutions) => i18n.getMessage(key, substitutions));
}

/**
 * The locale for numbers and times, so they read like the words around them: the browser's own
 * language when the words are in that language (`de-CH` for German words), else the language of
 * the words (the browser can report `en-US` while it picked the German catalogue; a worker's `Intl`
 * default can differ from the pages').
 */
export function uiLocale(): string {
  const words = t('locale');
  const browserLocale = globalThis.navigator?.language ?? '';
  return browserLocale.split('-')[0] === words ? browserLocale : words;
}
