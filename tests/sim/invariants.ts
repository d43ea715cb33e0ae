/**
 * What the stored snapshot must always be (a schema of its own, written from the snapshot's
 * documented meaning, not from the reducer), and which figures the views show with their age.
 */
import * as v from 'valibot';
import type { Snapshot } from '../../utils/snapshot/types';

const Int = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER));
const Ms = v.pipe(v.number(), v.integer(), v.minValue(0));
const NullableMs = v.nullable(Ms);
const Midnight = v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}T00:00:00$/));

const ErrorSchema = v.looseObject({
  kind: v.picklist(['offline', 'timeout', 'rate-limited', 'server', 'bad-data', 'not-found']),
  status: v.optional(v.pipe(v.number(), v.integer(), v.minValue(100), v.maxValue(599))),
  endpoint: v.pipe(v.string(), v.startsWith('/')),
  message: v.pipe(v.string(), v.minLength(1), v.maxLength(400)),
  at: Ms,
});

const EventSchema = v.pipe(
  v.looseObject({
    id: Int,
    firstId: Int,
    operation: v.pipe(v.string(), v.maxLength(200)),
    credits: Int,
    count: v.pipe(Int, v.minValue(1)),
    at: NullableMs,
    analysis: v.boolean(),
  }),
  v.check((e) => e.firstId <= e.id, 'event firstId above id'),
);

/** The snapshot's fields, each checked on its own (see `checkSnapshot`). */
const SECTIONS = {
  version: v.pipe(v.number(), v.integer(), v.minValue(1)),
  updatedAt: NullableMs,
  attemptAt: NullableMs,
  credits: v.nullable(
    v.pipe(
      v.looseObject({
        total: Int,
        byOperation: v.record(v.string(), Int),
        periodStart: Midnight,
        dayStartMs: v.nullable(v.number()),
        dayEndMs: v.nullable(v.number()),
        fetchedAt: Ms,
      }),
      v.check(
        (c) =>
          c.dayStartMs === null ||
          c.dayEndMs === null ||
          (c.dayEndMs - c.dayStartMs >= 22 * 3_600_000 && c.dayEndMs - c.dayStartMs <= 26 * 3_600_000),
        'credit day is not 22–26 hours long',
      ),
    ),
  ),
  recentAnalyses: v.nullable(
    v.looseObject({
      times: v.pipe(
        v.array(v.number()),
        v.check(
          (times) => times.every((t, i) => i === 0 || (times[i - 1] as number) >= t),
          'times not newest first',
        ),
      ),
      fetchedAt: Ms,
    }),
  ),
  latest: v.nullable(
    v.looseObject({
      tokenId: v.nullable(Int),
      name: v.pipe(v.string(), v.maxLength(400)),
      rawName: v.pipe(v.string(), v.maxLength(400)),
      at: v.nullable(v.number()),
      walletsFound: v.nullable(Int),
      credits: v.nullable(Int),
      fetchedAt: Ms,
    }),
  ),
  events: v.pipe(
    v.array(EventSchema),
    v.maxLength(20),
    v.check(
      (events) => events.every((e, i) => i === 0 || (events[i - 1] as { id: number }).id > e.id),
      'events not newest first',
    ),
  ),
  lastTransactionId: v.nullable(Int),
  lastAnalysisTxId: v.nullable(Int),
  ingest: v.nullable(v.looseObject({ fetchedAt: Ms })),
  capabilities: v.nullable(
    v.looseObject({
      tokensLatest: v.boolean(),
      ingestStats: v.boolean(),
      serverOffsetMin: v.nullable(
        v.pipe(
          v.number(),
          v.integer(),
          v.minValue(-720),
          v.maxValue(840),
          v.check((n) => n % 15 === 0, 'offset off the 15-minute grid'),
        ),
      ),
      apiBase: v.pipe(v.string(), v.url()),
      probedAt: Ms,
    }),
  ),
  errors: v.array(ErrorSchema),
  paused: v.optional(
    v.array(
      v.looseObject({
        endpoint: v.pipe(v.string(), v.startsWith('/api/')),
        until: Ms,
        strikes: v.optional(v.pipe(Int, v.minValue(1))),
      }),
    ),
  ),
  transactionsSign: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(120)))),
  failures: Int,
  nextAttemptAt: NullableMs,
  socket: v.picklist(['connected', 'connecting', 'closed']),
  updating: NullableMs,
  // State apart from words: display text is derived by the views, never stored with the data.
  summary: v.optional(v.never('display text in the stored snapshot')),
};

const UPDATED_WITHOUT_CREDITS = 'updatedAt without credits';

/** The whole snapshot as one schema (what `checkSnapshot` checks, field by field). */
export const SnapshotSchema = v.pipe(
  v.looseObject(SECTIONS),
  v.check((s) => s.updatedAt === null || s.credits !== null, UPDATED_WITHOUT_CREDITS),
);

/**
 * The JSON of each field's last value that passed. A field is a pure function of its value, so an
 * unchanged field (most of them, at most writes) need not be checked again: the simulation writes
 * the snapshot hundreds of times a day and the check was a tenth of its time.
 */
const passed = new Map<string, string>();

/** Problems of a stored snapshot at `now`, or null when it is sound. */
export function checkSnapshot(raw: unknown, now: number): string | null {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return ': not an object';
  const fields = raw as Record<string, unknown>;
  for (const [key, schema] of Object.entries(SECTIONS)) {
    const json = JSON.stringify(fields[key]) ?? 'undefined';
    if (passed.get(key) === json) continue;
    const result = v.safeParse(schema, fields[key]);
    if (!result.success) {
      const issue = result.issues[0];
      const path = [key, ...(issue.path?.map((p) => String(p.key)) ?? [])].join('.');
      return `${path}: ${issue.message}`;
    }
    passed.set(key, json);
  }
  const s = raw as Snapshot;
  if (s.updatedAt !== null && s.credits === null) return `: ${UPDATED_WITHOUT_CREDITS}`;
  for (const [name, at] of [
    ['updatedAt', s.updatedAt],
    ['attemptAt', s.attemptAt],
    ['credits.fetchedAt', s.credits?.fetchedAt ?? null],
  ] as const) {
    if (at !== null && at > now) return `${name} is in the future`;
  }
  return null;
}

/**
 * The shown figures with the time each was last confirmed current: credits today, tokens scanned
 * today (the history, or a transactions page proving it unchanged), the latest analysis, Recent
 * Credits (the transactions) and the ingest runs. Older snapshots without the confirmation times
 * fall back to when the figure was fetched.
 */
export function figureTimes(s: Snapshot): [string, number][] {
  const out: [string, number][] = [];
  if (s.credits) out.push(['credits', s.credits.fetchedAt]);
  if (s.recentAnalyses)
    out.push(['tokens scanned', s.recentAnalyses.checkedAt ?? s.recentAnalyses.fetchedAt]);
  if (s.latest) out.push(['latest', s.latest.checkedAt ?? s.latest.fetchedAt]);
  if (typeof s.transactionsAt === 'number') out.push(['recent credits', s.transactionsAt]);
  if (s.ingest) out.push(['ingest runs', s.ingest.fetchedAt]);
  return out;
}
