/**
 * The history's storage items (storage.local), written by the background only: past days per API
 * base, what the history fetch is doing, today's raw credit rows for the export, and the plan's
 * announced thresholds.
 */
import type { BudgetAlertState } from '../budget';
import type { CreditRow } from '../history/csv';
import type { HistoryCache, OriginHistory } from '../history/days';
import { defineItem } from './storage';

const isObject = (raw: unknown): raw is Record<string, unknown> =>
  Boolean(raw) && typeof raw === 'object' && !Array.isArray(raw);

const isDayValue = (value: unknown) =>
  value === null || (Number.isSafeInteger(value) && (value as number) >= 0);

/** Keeps only well-formed entries: a day is a date and a count (or null, unknown). */
function readCache(raw: unknown): HistoryCache {
  if (!isObject(raw)) return {};
  const out: HistoryCache = {};
  for (const [base, entry] of Object.entries(raw)) {
    if (!isObject(entry) || !isObject(entry.days)) continue;
    const days: OriginHistory['days'] = {};
    for (const [date, value] of Object.entries(entry.days)) {
      if (/^\d{4}-\d{2}-\d{2}$/.test(date) && isDayValue(value)) days[date] = value as number | null;
    }
    out[base] = {
      days,
      ...(entry.olderData === true ? { olderData: true } : {}),
      ...(typeof entry.olderCheckedOn === 'string' ? { olderCheckedOn: entry.olderCheckedOn } : {}),
    };
  }
  return out;
}

/** Past server days' credits per API base, kept for good. */
export const historyStorage = defineItem<HistoryCache>('local', 'history', readCache);

/** What the history fetch is doing, for the Month view's status line. */
export interface HistoryStatus {
  apiBase: string;
  state: 'idle' | 'loading' | 'error';
  /** The error in words, when `state` is `error`. */
  message?: string;
  /** When the next read is due (epoch ms), while loading or after an error. */
  nextAt?: number;
}

export const historyStatusStorage = defineItem<HistoryStatus | null>('local', 'historyStatus', (raw) =>
  isObject(raw) && typeof raw.apiBase === 'string' && typeof raw.state === 'string'
    ? (raw as unknown as HistoryStatus)
    : null,
);

/** Today's raw credit rows (newest 2,000), for the CSV export. */
export interface TodayRows {
  apiBase: string;
  /** The server day's start the rows belong to (epoch ms). */
  dayStartMs: number;
  rows: CreditRow[];
}

export const todayRowsStorage = defineItem<TodayRows | null>('local', 'todayRows', (raw) =>
  isObject(raw) && typeof raw.apiBase === 'string' && Array.isArray(raw.rows)
    ? (raw as unknown as TodayRows)
    : null,
);

/** The plan's thresholds already announced in the current cycle (`periodStart`: the cycle's start). */
export const planAlertStorage = defineItem<BudgetAlertState | null>('local', 'planAlerts', (raw) =>
  isObject(raw) && typeof raw.periodStart === 'string' && Array.isArray(raw.notified)
    ? (raw as unknown as BudgetAlertState)
    : null,
);
