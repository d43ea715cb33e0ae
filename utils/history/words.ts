/**
 * The Month view's and the plan alerts' words. Pure (the i18n lookup is handed in by the entrypoint).
 */
import { t } from '../i18n';
import { dateNoonUtc } from './dates';

/** `1.24M`, `10M`, `9.1k`: a big figure to three significant digits, in the user's locale. */
export function formatShort(n: number, locale?: string): string {
  return new Intl.NumberFormat(locale, { notation: 'compact', maximumSignificantDigits: 3 }).format(n);
}

/** `Dec 27` (`27. Dez.`): a server date, read as a calendar date (never shifted by a zone). */
export function formatServerDay(date: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(
    dateNoonUtc(date),
  );
}

/** The words of a plan notification (80 % or 100 % of the plan in the current cycle). */
export function describePlanAlert(
  alert: 'warning' | 'over',
  used: number,
  plan: number,
  cycleStart: string,
  locale?: string,
): { title: string; message: string } {
  const message = t(
    'planMessage',
    formatShort(used, locale),
    formatShort(plan, locale),
    formatServerDay(cycleStart, locale),
  );
  return alert === 'over'
    ? { title: t('planOverTitle'), message }
    : { title: t('planWarningTitle', Math.floor((used * 100) / plan)), message };
}
