/**
 * The `_locales` catalogues read the way `browser.i18n.getMessage` reads them, for unit tests:
 * `$NAME$` placeholders whose content is `$1`…`$9`, and `$$` for a dollar sign.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const LOCALES_DIR = join(import.meta.dirname, '../../public/_locales');

export interface CatalogueEntry {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string; example?: string }>;
}
export type Catalogue = Record<string, CatalogueEntry>;

/** Every locale folder and its catalogue. */
export function readCatalogues(): Record<string, Catalogue> {
  const out: Record<string, Catalogue> = {};
  for (const locale of readdirSync(LOCALES_DIR)) {
    out[locale] = JSON.parse(readFileSync(join(LOCALES_DIR, locale, 'messages.json'), 'utf8')) as Catalogue;
  }
  return out;
}

/** One message with its substitutions, as the browser does it; '' for an unknown key. */
export function formatMessage(catalogue: Catalogue, key: string, substitutions: string[] = []): string {
  const entry = catalogue[key];
  if (!entry) return '';
  const fill = (text: string) =>
    text.replace(/\$(\d)/g, (_, n: string) => substitutions[Number(n) - 1] ?? '');
  const placeholders = Object.fromEntries(
    Object.entries(entry.placeholders ?? {}).map(([name, value]) => [name.toLowerCase(), value.content]),
  );
  return entry.message
    .split('$$')
    .map((part) =>
      part.replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name: string) => {
        const content = placeholders[name.toLowerCase()];
        return content === undefined ? whole : fill(content);
      }),
    )
    .join('$');
}
