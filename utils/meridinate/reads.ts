/**
 * What a refresh reads from the app, and the domain rows each answer becomes, once: every time the
 * app sent becomes epoch ms (or a server time placed by the snapshot's offset), every name that can
 * be shown is cleaned for display, every analysis summary row is flagged. `READS` gives each
 * answer of `Answers` its endpoint and query, the check of its body and its normaliser; the
 * client fetches them (`read`) and the reducer folds them. What comes out is `domain.ts`; the
 * snapshot never sees an API body. Pure.
 */
import type { GenericSchema } from 'valibot';
import { cleanDisplayText, displayTokenName } from '../format';
import { serverDate } from '../history/dates';
import type { RangeReading } from '../history/readings';
import type {
  Answers,
  ApiResult,
  CreditTransaction,
  DayCredits,
  IngestTimes,
  ServerClock,
  TokenAnalysis,
} from './domain';
import {
  ENDPOINTS,
  HISTORY_MAX_BODY_BYTES,
  HISTORY_QUERY,
  OFFSET_QUERY,
  TRANSACTIONS_QUERY,
} from './endpoints';
import {
  type CreditsRange,
  CreditsRangeSchema,
  type CreditsToday,
  CreditsTodaySchema,
  type HistoryToken,
  type IngestQueueStats,
  IngestQueueStatsSchema,
  type RangeSum,
  TokensHistorySchema,
  type TokensLatest,
  TokensLatestSchema,
  type Transaction,
  TransactionsSchema,
} from './schemas';
import { estimateServerOffsetMin, parseApiTimestamp, parseServerMidnight, parseServerTime } from './time';

/**
 * One read of a refresh: the endpoint with its query, the check of its answer and the domain rows
 * the answer becomes, received at `at`.
 */
export interface Read<T, U> {
  path: string;
  schema: GenericSchema<unknown, T>;
  normalise: (body: T, at: number) => U;
  /** A body limit other than the client's. */
  maxBodyBytes?: number;
}

const read = <T, U>(spec: Read<T, U>) => spec;

/** The rows of an answer of a refresh. */
type AnswerRows<K extends keyof Answers> = Required<Answers>[K] extends ApiResult<infer U> ? U : never;

/** What a refresh reads, by the name of its answer (`Answers`): each gives that answer's rows. */
export const READS = {
  credits: read({ path: ENDPOINTS.credits, schema: CreditsTodaySchema, normalise: normaliseCredits }),
  transactions: read({
    path: `${ENDPOINTS.transactions}${TRANSACTIONS_QUERY}`,
    schema: TransactionsSchema,
    normalise: (rows) => rows.map(normaliseTransaction),
  }),
  history: read({
    path: `${ENDPOINTS.history}${HISTORY_QUERY}`,
    schema: TokensHistorySchema,
    normalise: (body) => body.tokens.map(normaliseHistoryToken),
    maxBodyBytes: HISTORY_MAX_BODY_BYTES,
  }),
  latest: read({ path: ENDPOINTS.latest, schema: TokensLatestSchema, normalise: normaliseLatest }),
  ingest: read({ path: ENDPOINTS.ingest, schema: IngestQueueStatsSchema, normalise: normaliseIngest }),
  range: read({
    path: `${ENDPOINTS.range}${OFFSET_QUERY}`,
    schema: CreditsRangeSchema,
    normalise: normaliseRange,
  }),
} satisfies { [K in keyof Answers]-?: { normalise: (body: never, at: number) => AnswerRows<K> } };

export type ReadName = keyof typeof READS;
/** The app's checked answer of a read. */
export type ReadBody<K extends ReadName> = (typeof READS)[K] extends Read<infer T, unknown> ? T : never;
/** The domain rows a read gives. */
export type ReadRows<K extends ReadName> = ReturnType<(typeof READS)[K]['normalise']>;

/** Displayed operation names are cut to this many characters. */
const OPERATION_LABEL_MAX = 48;
/** Raw token names (tooltip only) are cut to this many characters. */
const RAW_NAME_MAX = 300;

/**
 * Whether a transaction's operation is an analysis summary: the app writes one `token_analysis`
 * row (0 credits, the analysis's total in its context) after each analysis finished.
 */
export function isAnalysisOperation(operation: string): boolean {
  return operation === 'token_analysis';
}

/** A transaction row (naive UTC time) as a domain row. */
export function normaliseTransaction(row: Transaction): CreditTransaction {
  const total = row.context?.total_credits;
  return {
    id: row.id,
    operation: row.operation,
    label: cleanDisplayText(row.operation, OPERATION_LABEL_MAX) || 'unknown',
    credits: row.credits,
    at: parseApiTimestamp(row.timestamp, 'utc'),
    tokenId: row.token_id ?? null,
    mint: row.context?.mint_address ?? null,
    analysis: isAnalysisOperation(row.operation),
    total: typeof total === 'number' && Number.isSafeInteger(total) && total >= 0 ? total : null,
  };
}

/** `credits/today`: the day's midnights are server-local, placed later with the server's offset. */
export function normaliseCredits(body: CreditsToday): DayCredits {
  return {
    total: body.total_credits,
    byOperation: body.by_operation,
    periodStart: body.period_start,
    dayStart: parseServerMidnight(body.period_start),
    dayEnd: parseServerMidnight(body.period_end),
    sign: creditsSign(body),
  };
}

/**
 * What of `credits/today` changes with every transaction row: its day, total and row count. Two
 * equal signs read at two moments mean no row was added between them; null when the count is
 * not known (then nothing can be proven).
 */
export function creditsSign(body: CreditsToday): string | null {
  const count = body.transaction_count;
  return count == null ? null : `${body.period_start} ${body.total_credits} ${count}`;
}

const rawName = (name: unknown) => (typeof name === 'string' ? name.slice(0, RAW_NAME_MAX) : '');

/**
 * A history row (naive UTC time); an unnamed token is named by its symbol or address. Its name is
 * cleaned when first read: of a page of up to 1,000 rows only the newest is ever shown (Latest),
 * the others give their times alone.
 */
export function normaliseHistoryToken(token: HistoryToken): TokenAnalysis {
  let name: string | undefined;
  return {
    tokenId: token.id,
    get name() {
      name ??= displayTokenName({
        name: token.token_name,
        symbol: token.token_symbol,
        address: token.token_address,
      });
      return name;
    },
    rawName: rawName(token.token_name),
    at: parseApiTimestamp(token.analysis_timestamp, 'utc'),
    walletsFound: token.wallets_found ?? null,
    credits: token.last_analysis_credits ?? token.credits_used ?? null,
  };
}

/** `tokens/latest`; null when the app has no analysis at all (every key null). */
export function normaliseLatest(body: TokensLatest): TokenAnalysis | null {
  if (body.token_id === null && body.token_name == null && body.analysis_timestamp == null) return null;
  return {
    tokenId: body.token_id ?? null,
    name: displayTokenName({ name: body.token_name, symbol: body.token_symbol }),
    rawName: rawName(body.token_name),
    at: parseApiTimestamp(body.analysis_timestamp, 'utc'),
    walletsFound: body.wallets_found ?? null,
    credits: body.credits_used ?? null,
  };
}

/** `ingest/queue/stats`: its run times are server-local. */
export function normaliseIngest(body: IngestQueueStats): IngestTimes {
  return {
    tier0At: parseServerTime(body.last_tier0_run_at),
    discoveryAt: parseServerTime(body.last_discovery_run_at),
    enrichAt: parseServerTime(body.last_tier1_run_at),
    enrichCredits: body.last_tier1_credits_used ?? null,
    hotRefreshAt: parseServerTime(body.last_hot_refresh_at),
    refreshAt: parseServerTime(body.last_refresh_run_at),
  };
}

/** `credits/range?days=1` read at `now`: its end is the server's local "now", so its offset. */
export function normaliseRange(body: CreditsRange, now: number): ServerClock {
  return { offsetMin: estimateServerOffsetMin(body.period_end, now) };
}

/**
 * A history reading of `credits/range?days=k`, sent at `sent` and received at `at`: its server day
 * is the date of `period_end`, straight from the server's clock, so a server in another zone than
 * the browser is read right. Null when the date is no date.
 */
export function normaliseRangeReading(
  k: number,
  body: RangeSum,
  sent: number,
  at: number,
): RangeReading | null {
  const day = serverDate(body.period_end);
  if (!day) return null;
  return { k, credits: body.total_credits + 0, rows: body.transaction_count ?? null, day, sent, at };
}

/** Applies `normalise` to a result's value; failures and "not modified" pass unchanged. */
export function mapResult<T, U>(result: ApiResult<T>, normalise: (value: T) => U): ApiResult<U> {
  return result.ok && 'value' in result ? { ...result, value: normalise(result.value) } : result;
}
