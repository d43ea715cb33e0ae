/**
 * A model of the Meridinate back end, written from the API contract (/work/shared/meridinate/API.md,
 * §2–§6), not from the demo: OLD and HEAD, the server-local credit day (with DST), transactions in
 * the app's odd order, the history (whole table at OLD, paged at HEAD, ETag/304), the fixed-window
 * rate limiter with its plain-text 429, restarts, and the WebSocket's `analysis_complete` hints.
 * It holds the truth the simulation compares the bar with. Pure: time comes in as `now`.
 */
import { dayKey, midnightMs, naiveLocalMicro, naiveUtc, nextDayKey, offsetMinAt, wallMs } from './tz';

export type Version = 'OLD' | 'HEAD';

export interface Row {
  id: number;
  operation: string;
  credits: number;
  /** Server clock, whole seconds (epoch ms). */
  at: number;
  timestamp: string;
  context: Record<string, unknown> | null;
}

export interface Token {
  id: number;
  token_address: string;
  token_name: string | null;
  token_symbol: string | null;
  acronym: string;
  /** Server clock, whole seconds. */
  at: number;
  wallets_found: number;
  credits_used: number;
  last_analysis_credits: number;
  deleted: boolean;
}

export interface ModelResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Endpoints the limiter counts (§6): credits/*, history; at HEAD also latest and status-bar. */
function isLimited(path: string, version: Version): boolean {
  if (path.startsWith('/api/stats/credits/') || path === '/api/tokens/history') return true;
  return (
    version === 'HEAD' &&
    (path === '/api/tokens/latest' || path === '/api/stats/status-bar' || path.startsWith('/api/scheduler'))
  );
}

const HOUR = 3_600_000;
export const RATE_LIMIT = 300;

const json = (status: number, value: unknown, headers: Record<string, string> = {}): ModelResponse => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(value),
});

const validation = (
  loc: string[],
  input: unknown,
  type = 'int_parsing',
  msg = 'Input should be a valid integer, unable to parse string as an integer',
) => json(422, { detail: [{ type, loc, msg, input }] });

function parseIntParam(raw: string | null): number | null {
  if (raw === null) return null;
  return /^-?\d+$/.test(raw) ? Number(raw) : Number.NaN;
}

/** The back end's state: rows, tokens, ingest runs, limiter windows, session. */
export class MeridinateModel {
  version: Version;
  readonly zone: string;
  rateLimitEnabled: boolean;
  /** Server clock minus true time (the server's clock may be a little off). */
  readonly skewMs: number;
  rows: Row[] = [];
  tokens: Token[] = [];
  private nextRowId = 1;
  private nextTokenId = 1;
  sessionCredits = 0;
  private lastStamp = { at: Number.NaN, text: '' };
  /** Credits per server-local day: total, per operation, row count. */
  private days = new Map<string, { total: number; byOp: Record<string, number>; count: number }>();
  private windows = new Map<string, { start: number; count: number }>();
  lastTier0At: number | null = null;
  lastTier1At: number | null = null;
  lastTier1Credits = 0;
  lastHotRefreshAt: number | null = null;
  /** Bumped on every change of the token table: the history's ETag and cache key. */
  tokensVersion = 0;
  private historyCache = new Map<string, { version: number; body: string; etag: string }>();

  constructor(options: { version: Version; zone: string; rateLimit: boolean; skewMs?: number }) {
    this.version = options.version;
    this.zone = options.zone;
    this.rateLimitEnabled = options.rateLimit;
    this.skewMs = options.skewMs ?? 0;
  }

  /** The server's clock at true time `now`. */
  serverNow(now: number): number {
    return now + this.skewMs;
  }

  /** The server-local day at true time `now`. */
  today(now: number): string {
    return dayKey(this.zone, this.serverNow(now));
  }

  private bounds = new Map<string, { start: number; end: number }>();
  /** True-time bounds of the server-local day `key`. */
  dayBounds(key: string): { start: number; end: number } {
    let b = this.bounds.get(key);
    if (!b) {
      b = {
        start: midnightMs(this.zone, key) - this.skewMs,
        end: midnightMs(this.zone, nextDayKey(key)) - this.skewMs,
      };
      this.bounds.set(key, b);
    }
    return b;
  }

  /** Records one credit row (one RPC call) at true time `now`. */
  charge(
    now: number,
    operation: string,
    credits: number,
    context: Record<string, unknown> | null = null,
  ): Row {
    const at = Math.floor(this.serverNow(now) / 1000) * 1000;
    if (this.lastStamp.at !== at) this.lastStamp = { at, text: naiveUtc(at) };
    const row: Row = {
      id: this.nextRowId++,
      operation,
      credits,
      at,
      timestamp: this.lastStamp.text,
      context,
    };
    this.rows.push(row);
    // credits/today sums the rows of the server-local date (§2.1).
    const key = dayKey(this.zone, at);
    let day = this.days.get(key);
    if (!day) {
      day = { total: 0, byOp: {}, count: 0 };
      this.days.set(key, day);
    }
    day.total += credits;
    day.byOp[operation] = (day.byOp[operation] ?? 0) + credits;
    day.count += 1;
    this.sessionCredits += credits;
    if (this.rows.length > 20_000) this.rows.splice(0, 5_000);
    return row;
  }

  /** Adds or re-analyses a token at true time `now`; returns it. */
  analyse(
    now: number,
    token: Partial<Token> & { reanalyse?: number },
    credits: number,
    wallets: number,
  ): Token {
    const at = Math.floor(this.serverNow(now) / 1000) * 1000;
    let found = token.reanalyse === undefined ? undefined : this.tokens.find((t) => t.id === token.reanalyse);
    if (found) {
      found.at = at;
      found.credits_used += credits;
      found.last_analysis_credits = credits;
      found.wallets_found = wallets;
    } else {
      const id = this.nextTokenId++;
      found = {
        id,
        token_address: `Mint${id.toString().padStart(6, '0')}pump`,
        token_name: token.token_name ?? `Token ${id}`,
        token_symbol: token.token_symbol ?? `T${id}`,
        acronym: `T${id}`,
        at,
        wallets_found: wallets,
        credits_used: credits,
        last_analysis_credits: credits,
        deleted: false,
      };
      this.tokens.push(found);
    }
    this.tokensVersion += 1;
    return found;
  }

  deleteToken(id: number): void {
    const token = this.tokens.find((t) => t.id === id);
    if (token && !token.deleted) {
      token.deleted = true;
      this.tokensVersion += 1;
    }
  }

  /** A process restart: in-memory limiter windows, caches and the session counter are gone. */
  restart(upgradeTo?: Version): void {
    this.sessionCredits = 0;
    this.windows.clear();
    this.historyCache.clear();
    if (upgradeTo) this.version = upgradeTo;
  }

  /** Uses up an endpoint's window (the user's other tabs or scripts did), as a 429 fault. */
  exhaust(path: string, now: number): void {
    const w = this.windows.get(path);
    if (w && now - w.start < HOUR) w.count = Math.max(w.count, RATE_LIMIT);
    else this.windows.set(path, { start: now, count: RATE_LIMIT });
  }

  /** When the limiter window of `path` ends (true time), or null when it does not block. */
  blockedUntil(path: string, now: number): number | null {
    const w = this.windows.get(path);
    return w && now - w.start < HOUR && w.count >= RATE_LIMIT ? w.start + HOUR : null;
  }

  /** One hit on the limiter; false when it answers 429 (§6: fixed window from the first hit). */
  hit(path: string, now: number): boolean {
    if (!this.rateLimitEnabled || !isLimited(path, this.version)) return true;
    let w = this.windows.get(path);
    if (!w || now - w.start >= HOUR) {
      w = { start: now, count: 0 };
      this.windows.set(path, w);
    }
    w.count += 1;
    return w.count <= RATE_LIMIT;
  }

  /** Truth for the bar: credits and tokens scanned in the server's current day. */
  truth(now: number): { day: string; credits: number; scanned: number } {
    const day = this.today(now);
    const key = `${day} ${this.tokensVersion}`;
    if (this.scannedCache?.key !== key) {
      const { start, end } = this.dayBounds(day);
      let scanned = 0;
      for (const t of this.tokens) {
        const at = t.at - this.skewMs;
        if (!t.deleted && at >= start && at < end) scanned += 1;
      }
      this.scannedCache = { key, scanned };
    }
    return { day, credits: this.days.get(day)?.total ?? 0, scanned: this.scannedCache.scanned };
  }
  /** Tokens scanned per day and token-table version: the truth is asked for after every charge. */
  private scannedCache: { key: string; scanned: number } | null = null;

  /** Answers one GET at true time `now`. `headers` are the request's (lower-case names). */
  handle(url: URL, headers: Record<string, string>, now: number): ModelResponse {
    const path = url.pathname;
    if (!this.hit(path, now)) {
      // §6: plain text, no Content-Type, a Retry-After that is not a number of seconds.
      return {
        status: 429,
        headers: { 'retry-after': '300 per 1 hour', 'x-ratelimit-limit': '300' },
        body: 'Rate limit exceeded: 300 per 1 hour',
      };
    }
    const q = url.searchParams;
    const server = this.serverNow(now);
    switch (path) {
      case '/health':
        return json(200, {
          status: 'healthy',
          service: 'FastAPI Gun Del Sol (Modular)',
          version: '2.0.0',
          architecture: 'modular',
          endpoints: 46,
          websocket_connections: 0,
        });
      case '/api/stats/credits/today': {
        const key = dayKey(this.zone, server);
        const day = this.days.get(key);
        return json(200, {
          total_credits: day?.total ?? 0,
          period_start: `${key}T00:00:00`,
          period_end: `${nextDayKey(key)}T00:00:00`,
          by_operation: { ...(day?.byOp ?? {}) },
          transaction_count: day?.count ?? 0,
          session_credits: this.sessionCredits,
        });
      }
      case '/api/stats/credits/transactions': {
        const limit = parseIntParam(q.get('limit')) ?? 50;
        if (Number.isNaN(limit)) return validation(['query', 'limit'], q.get('limit'));
        if (limit < 1 || limit > 500)
          return validation(
            ['query', 'limit'],
            q.get('limit'),
            limit < 1 ? 'greater_than_equal' : 'less_than_equal',
            'Input out of range',
          );
        const rows = this.transactionsPage(limit);
        return json(200, {
          transactions: rows.map((r) => ({
            id: r.id,
            operation: r.operation,
            credits: r.credits,
            timestamp: r.timestamp,
            token_id: null,
            wallet_address: null,
            context: r.context,
          })),
          total: rows.length,
        });
      }
      case '/api/stats/credits/range': {
        const days = parseIntParam(q.get('days')) ?? 7;
        if (Number.isNaN(days) || days < 1 || days > 90) return validation(['query', 'days'], q.get('days'));
        // The app subtracts the days from a naive local datetime (Python's naive arithmetic): wall
        // time minus days × 24 h, so the span says nothing of a DST change in between.
        const startWall = new Date(wallMs(this.zone, server) - days * 86_400_000).toISOString();
        const from = startWall.slice(0, 10);
        let total = 0;
        let count = 0;
        const byOp: Record<string, number> = {};
        for (let key = from; key <= dayKey(this.zone, server); key = nextDayKey(key)) {
          const day = this.days.get(key);
          if (!day) continue;
          total += day.total;
          count += day.count;
          for (const [op, c] of Object.entries(day.byOp)) byOp[op] = (byOp[op] ?? 0) + c;
        }
        return json(200, {
          total_credits: total,
          period_start: `${startWall.slice(0, 19)}.${startWall.slice(20, 23)}000`,
          period_end: naiveLocalMicro(this.zone, server),
          by_operation: byOp,
          transaction_count: count,
          session_credits: this.sessionCredits,
        });
      }
      case '/api/tokens/history':
        return this.history(q, headers['if-none-match'] ?? null, server);
      case '/api/tokens/latest': {
        if (this.version === 'OLD') return validation(['path', 'token_id'], 'latest');
        const t = this.newestToken();
        return json(200, {
          token_id: t?.id ?? null,
          token_name: t?.token_name ?? null,
          token_symbol: t?.token_symbol ?? null,
          analysis_timestamp: t ? naiveUtc(t.at, ' ') : null,
          wallets_found: t?.wallets_found ?? null,
          credits_used: t ? t.last_analysis_credits || t.credits_used : null,
        });
      }
      case '/api/ingest/queue/stats': {
        const local = (ms: number | null) => (ms === null ? null : naiveLocalMicro(this.zone, ms));
        const head = this.version === 'HEAD';
        return json(200, {
          total: 120,
          by_tier: { ingested: 80, enriched: 30, analyzed: 10 },
          by_status: { completed: 110, pending: 10 },
          last_tier0_run_at: local(this.lastTier0At),
          last_tier1_run_at: head ? null : local(this.lastTier1At),
          last_tier1_credits_used: this.lastTier1Credits,
          last_hot_refresh_at: local(this.lastHotRefreshAt),
          ...(head ? { last_discovery_run_at: local(this.lastTier0At), last_refresh_run_at: null } : {}),
        });
      }
      case '/api/stats/status-bar': {
        if (this.version === 'OLD') return json(404, { detail: 'Not Found' });
        const utcStart = Math.floor(server / 86_400_000) * 86_400_000;
        const live = this.tokens.filter((t) => !t.deleted);
        return json(200, {
          polling: {
            total_tokens: live.length,
            tokens_scanned_today: live.filter((t) => t.at >= utcStart).length,
            total_active: live.length,
          },
          credits: {
            used_today: this.days.get(dayKey(this.zone, server))?.total ?? 0,
            position_daily_budget: 500,
          },
        });
      }
      default:
        return json(404, { detail: 'Not Found' });
    }
  }

  private newestToken(): Token | undefined {
    let newest: Token | undefined;
    for (const t of this.tokens) if (!t.deleted && (!newest || t.at > newest.at)) newest = t;
    return newest;
  }

  /**
   * `timestamp DESC` with no tie-break; inside one second the rows come oldest id first (§2.2),
   * so `limit` can cut the newest second's newest rows.
   */
  transactionsPage(limit: number): Row[] {
    const out: Row[] = [];
    let i = this.rows.length - 1;
    while (i >= 0 && out.length < limit) {
      let j = i;
      while (j > 0 && this.rows[j - 1]?.at === this.rows[i]?.at) j -= 1;
      for (let k = j; k <= i && out.length < limit; k += 1) out.push(this.rows[k] as Row);
      i = j - 1;
    }
    return out;
  }

  private history(q: URLSearchParams, ifNoneMatch: string | null, server: number): ModelResponse {
    let key = 'all';
    let list: Token[];
    const sorted = () => this.tokens.filter((t) => !t.deleted).sort((a, b) => b.at - a.at || b.id - a.id);
    if (this.version === 'OLD') {
      list = sorted(); // OLD ignores every parameter and returns the whole table.
    } else {
      const limit = parseIntParam(q.get('limit')) ?? 50;
      const offset = parseIntParam(q.get('offset')) ?? 0;
      const since = q.get('since_hours');
      if (Number.isNaN(limit) || Number.isNaN(offset)) return validation(['query', 'limit'], q.get('limit'));
      key = `${limit} ${offset} ${since}`;
      let all = sorted();
      if (since !== null) {
        const hours = Number(since);
        if (!Number.isFinite(hours))
          return validation(
            ['query', 'since_hours'],
            since,
            'float_parsing',
            'Input should be a valid number',
          );
        all = all.filter((t) => t.at >= server - hours * HOUR);
      }
      list = all.slice(offset, offset + limit);
      // HEAD: total is the matching count, total_wallets the page's.
      return this.historyBody(key, list, all.length, ifNoneMatch);
    }
    return this.historyBody(key, list, list.length, ifNoneMatch);
  }

  private historyBody(key: string, list: Token[], total: number, ifNoneMatch: string | null): ModelResponse {
    let cached = this.historyCache.get(key);
    if (!cached || cached.version !== this.tokensVersion) {
      const body = JSON.stringify({
        total,
        total_wallets: list.reduce((s, t) => s + t.wallets_found, 0),
        tokens: list.map((t) => ({
          id: t.id,
          token_address: t.token_address,
          token_name: t.token_name,
          token_symbol: t.token_symbol,
          acronym: t.acronym,
          analysis_timestamp: naiveUtc(t.at, ' '),
          wallets_found: t.wallets_found,
          credits_used: t.credits_used,
          last_analysis_credits: t.last_analysis_credits,
          ...(this.version === 'OLD' ? { gem_status: null } : { verdict: null, labels: [] }),
        })),
      });
      // An unquoted ETag (§2.4).
      cached = { version: this.tokensVersion, body, etag: `h${this.tokensVersion}x${key.length}${total}` };
      this.historyCache.set(key, cached);
    }
    if (ifNoneMatch !== null && ifNoneMatch === cached.etag) {
      return { status: 304, headers: { etag: cached.etag }, body: '' };
    }
    return {
      status: 200,
      headers: { 'content-type': 'application/json', etag: cached.etag },
      body: cached.body,
    };
  }

  /** The server-local offset now, for traces. */
  offsetNow(now: number): number {
    return offsetMinAt(this.zone, this.serverNow(now));
  }

  /** The server's wall clock, for traces. */
  wallNow(now: number): string {
    return new Date(wallMs(this.zone, this.serverNow(now))).toISOString().slice(0, 19);
  }
}
