// In-memory "database" of the demo: tokens, credit transactions, the HEAD operation log, ingest
// settings and queue, plus the queries the API answers with. Deterministic from the seed.

import { readFileSync } from 'node:fs';
import { mintAddress, Prng, walletAddress } from './prng.mjs';
import {
  fmtLocalAware,
  fmtLocalMicro,
  fmtLocalMicroMinusDays,
  fmtLocalMidnightNaive,
  fmtUtcOffset,
  fmtUtcSpace,
  fmtUtcT,
  fmtUtcZ,
  localDate,
  localDayStartPlus,
  localMidnight,
  utcDate,
  utcMidnight,
} from './time.mjs';

/** @typedef {'old' | 'head'} Mode */

/**
 * @typedef {object} TokenRecord
 * @property {number} id
 * @property {string} address
 * @property {string | null} name
 * @property {string | null} symbol
 * @property {string} acronym
 * @property {number} analysisMs
 * @property {number | null} firstBuyMs
 * @property {number} wallets
 * @property {number | null} creditsUsed
 * @property {number | null} lastCredits
 * @property {number | null} mc
 * @property {number | null} mcCurrent
 * @property {number | null} mcPrevious
 * @property {number | null} mcUpdatedMs
 * @property {number | null} mcAth
 * @property {number | null} mcAthMs
 * @property {string | null} verdict
 * @property {string[]} tags
 * @property {object[] | null} holders
 * @property {number | null} holdersUpdatedMs
 * @property {string[]} labels
 * @property {number} refreshDeltaMs
 * @property {boolean} deleted
 */

/**
 * @typedef {object} TxRecord
 * @property {number} id
 * @property {string} operation
 * @property {number} credits
 * @property {number} ms  whole seconds
 * @property {number | null} token_id
 * @property {string | null} wallet_address
 * @property {Record<string, unknown> | null} context
 */

/**
 * @typedef {object} OpLogRecord
 * @property {number} id
 * @property {string} operation
 * @property {string} label
 * @property {number} credits
 * @property {number} call_count
 * @property {number} ms
 * @property {Record<string, unknown> | null} context
 */

const seedDir = new URL('./seed/', import.meta.url);
/** @param {string} name */
export const loadSeedJson = (name) => JSON.parse(readFileSync(new URL(name, seedDir), 'utf8'));

/** Per-row credit costs (API.md §10). */
export const COSTS = {
  old: {
    wallet_balance: 1,
    token_metadata: 1,
    account_owner: 1,
    token_largest_accounts: 1,
    get_transaction: 1,
    signatures_for_address: 1,
    token_accounts: 10,
    transactions_for_address: 100,
    token_analysis: 0,
    top_holders_fetch: 1,
    market_cap_refresh: 1,
    wallet_refresh: 1,
    position_check: 0,
  },
  head: {
    wallet_balance: 1,
    token_metadata: 10,
    account_owner: 1,
    token_largest_accounts: 1,
    get_transaction: 1,
    signatures_for_address: 1,
    token_accounts: 1,
    transactions_for_address: 50,
    token_analysis: 0,
    top_holders_fetch: 1,
    market_cap_refresh: 1,
    wallet_refresh: 1,
    position_check: 0,
    wallet_api_balances: 100,
    wallet_api_funded_by: 100,
    wallet_api_identity: 100,
    wallet_api_batch_identity: 100,
    wallet_api_transfers: 100,
  },
};

/** HEAD operation-log labels (API.md §10). */
export const OP_LABELS = {
  token_analysis: 'Token Analysis',
  auto_scan: 'Auto-Scan',
  mc_tracker: 'MC Tracker',
  position_check: 'Position Check',
  discovery_ingestion: 'Discovery Ingestion',
  token_promotion: 'Token Promotion',
  auto_promotion: 'Auto Promotion',
  mc_refresh: 'Market Cap Refresh',
  wallet_refresh: 'Wallet Balance Refresh',
  wallet_enrichment: 'Wallet Enrichment (Funded-By | Identity)',
  funding_terminal_backfill: 'Funding-Chain Terminal Backfill',
  funding_trace: 'Multi-Hop Funding Trace',
  forward_trace: 'Forward Funding Trace',
  backfill_deployers: 'Backfill Deployers',
  pnl_calculation: 'PnL Calculation',
  pnl_batch: 'PnL Batch Calculation',
  pnl_v2_backfill: 'PnL v2 Backfill',
  pnl_auto: 'PnL Auto-Compute',
  quick_dd: 'Quick DD',
};

/** Raw transaction operation → operation-log operation (only operations that HEAD logs). */
const RAW_TO_OPLOG = {
  market_cap_refresh: 'mc_refresh',
  wallet_refresh: 'wallet_refresh',
  position_check: 'position_check',
};

const OLD_TOKEN_KEYS = [
  'id',
  'token_address',
  'token_name',
  'token_symbol',
  'acronym',
  'analysis_timestamp',
  'first_buy_timestamp',
  'wallets_found',
  'credits_used',
  'last_analysis_credits',
  'wallet_addresses',
  'deleted_at',
  'market_cap_usd',
  'market_cap_usd_current',
  'market_cap_usd_previous',
  'market_cap_updated_at',
  'market_cap_ath',
  'market_cap_ath_timestamp',
  'gem_status',
  'state_version',
  'tags',
  'top_holders',
  'top_holders_updated_at',
];

const ADJECTIVES = ['Solar', 'Pepe', 'Turbo', 'Based', 'Giga', 'Lunar', 'Frog', 'Cyber', 'Lazy', 'Royal'];
const ADJECTIVES2 = ['Hyper', 'Tiny', 'Wild', 'Neon', 'Quantum', 'Degen', 'Golden', 'Sleepy', 'Mega', 'Dark'];
const NOUNS = ['Cat', 'Dog', 'Rocket', 'Whale', 'Ape', 'Wizard', 'Toad', 'Coin', 'Shiba', 'Llama', 'Goose'];
const NOUNS2 = ['Otter', 'Pixel', 'Panda', 'Hamster', 'Dragon', 'Bull', 'Bear', 'Penguin', 'Fox', 'Koala'];
const HOSTILE_NAMES = [
  '"><svg onload=alert(document.domain)>',
  '\u202Egnp.exe Totally Safe Token',
  'Z̷̢a̶l̸g̵o̶ T̷o̶k̸e̵n̶',
  '🐸🐸🐸 FROG ARMY 🐸🐸🐸',
  "Robert'); DROP TABLE tokens;--",
  '<iframe src="javascript:alert(1)"></iframe>',
  'line1\nline2\ttabbed \\ backslash',
  '\u0024{7*7} {{7*7}} <%= 7*7 %>',
  'مرحبا Token עברית',
  '\u200B\u200B\u200BInvisible\u200D\u2060Token',
];

/** Known operations: an unknown `operation` filter value is ignored (API.md §2.2). */
const KNOWN_OPS = new Set([...Object.keys(COSTS.head), 'market_cap_refresh', 'wallet_refresh']);

/** @param {string | null} name @param {string | null} symbol */
export function makeAcronym(name, symbol) {
  const words = (name ?? '').split(/\s+/).filter(Boolean);
  if (words.length <= 1) return (symbol || name || 'UNK').slice(0, 10);
  const skip = new Set(['the', 'and', 'of', 'a', 'an']);
  const letters = words
    .filter((w) => !skip.has(w.toLowerCase()))
    .map((w) => (Array.from(w)[0] ?? '').toUpperCase());
  return Array.from(letters.join('')).slice(0, 24).join('') || 'UNK';
}

/** @param {string | null} name */
function makeSymbol(name) {
  const letters = (name ?? '').replace(/[^A-Za-z]/g, '').toUpperCase();
  return letters.slice(0, 6) || 'TKN';
}

/**
 * @param {Prng} rng
 * @param {number} count
 */
function makeHolders(rng, count) {
  /** @type {object[]} */
  const holders = [];
  for (let i = 0; i < count; i++) {
    const whole = rng.int(1_000_000, 99_999_999);
    const frac = String(rng.int(0, 999_999)).padStart(6, '0');
    holders.push({
      address: walletAddress(rng),
      amount: `${whole}${frac}`,
      decimals: 6,
      uiAmountString: `${whole}.${frac}`,
      token_balance_usd: rng.money(100, 80_000),
      wallet_balance_usd: rng.money(10, 6_000),
    });
  }
  return holders;
}

/** Builds the 10,000-character hostile name. */
function tenThousandCharName() {
  const unit = 'Infinite Scroll Token 🚀 ';
  let s = '';
  while (s.length < 10_000) s += unit;
  return s.slice(0, 10_000);
}

export class DemoStore {
  /**
   * @param {{ seed: number, mode: Mode, tz: string, clock: import('./time.mjs').Clock }} options
   */
  constructor({ seed, mode, tz, clock }) {
    this.seed = seed;
    /** @type {Mode} */
    this.mode = mode;
    this.tz = tz;
    this.clock = clock;
    this.rng = new Prng(seed);
    /** @type {TokenRecord[]} */
    this.tokens = [];
    /** @type {TxRecord[]} */
    this.transactions = [];
    /** @type {OpLogRecord[]} */
    this.opLog = [];
    /** @type {object[]} */
    this.jobs = [];
    this.nextTxId = 1;
    this.nextOpId = 1;
    this.nextTokenId = 1;
    this.sessionCredits = 0;
    this.startedAt = clock.now();
    /** @type {Map<string, { body: string, etag: string, expires: number }>} */
    this.historyCache = new Map();
    /** @type {{ body: object, expires: number } | null} */
    this.statusBarCache = null;
    this.settings = {
      old: loadSeedJson('old-ingest-settings.json'),
      head: loadSeedJson('head-ingest-settings.json'),
      /** Legacy run keys still stored in HEAD's settings file but filtered out of GET /api/ingest/settings. */
      headLegacy: /** @type {Record<string, string | number | null>} */ ({}),
    };
    this.queue = {
      old: { total: 0, by_tier: /** @type {Record<string, number>} */ ({}), by_status: {} },
      head: { total: 0, by_tier: /** @type {Record<string, number>} */ ({}), by_status: {} },
    };
    this.statusBarTemplate = loadSeedJson('head-status-bar.json');
    this.seedData();
  }

  now() {
    return this.clock.now();
  }

  costs() {
    return COSTS[this.mode];
  }

  /** @param {string} op */
  cost(op) {
    return /** @type {Record<string, number>} */ (this.costs())[op] ?? 1;
  }

  invalidateCaches() {
    this.historyCache.clear();
    this.statusBarCache = null;
  }

  // ---------------------------------------------------------------- writes

  /**
   * Appends raw credit rows, all with the same (whole-second) timestamp.
   * @param {{ operation: string, credits: number, token_id?: number | null,
   *   wallet_address?: string | null, context?: Record<string, unknown> | null }[]} rows
   * @param {{ ms?: number, session?: boolean }} [opts]
   * @returns {number[]} ids
   */
  recordRows(rows, opts = {}) {
    const ms = Math.floor((opts.ms ?? this.now()) / 1000) * 1000;
    const session = opts.session ?? true;
    const ids = [];
    for (const r of rows) {
      const id = this.nextTxId++;
      this.transactions.push({
        id,
        operation: r.operation,
        credits: r.credits,
        ms,
        token_id: r.token_id ?? null,
        wallet_address: r.wallet_address ?? null,
        context: r.context ?? null,
      });
      if (session) this.sessionCredits += r.credits;
      ids.push(id);
    }
    return ids;
  }

  /**
   * Appends an operation-log row (HEAD's table keeps only the newest 100).
   * @param {string} operation
   * @param {number} credits
   * @param {number} callCount
   * @param {Record<string, unknown> | null} context
   * @param {number} [ms]
   */
  logOperation(operation, credits, callCount, context, ms) {
    const at = Math.floor((ms ?? this.now()) / 1000) * 1000;
    this.opLog.push({
      id: this.nextOpId++,
      operation,
      label: /** @type {Record<string, string>} */ (OP_LABELS)[operation] ?? operation,
      credits,
      call_count: callCount,
      ms: at,
      context,
    });
    while (this.opLog.length > 100) this.opLog.shift();
  }

  /**
   * Records `count` rows of an operation now (same second); used by the control API and the simulator.
   * @param {{ operation?: string, credits?: number, count?: number, context?: Record<string, unknown> | null,
   *   wallet_address?: string | null, ms?: number, session?: boolean }} opts
   */
  charge(opts = {}) {
    const operation = opts.operation ?? 'market_cap_refresh';
    const credits = opts.credits ?? 12;
    const count = Math.max(1, Math.floor(opts.count ?? 1));
    const rows = [];
    for (let i = 0; i < count; i++) {
      rows.push({
        operation,
        credits,
        wallet_address: opts.wallet_address ?? null,
        context: opts.context ?? null,
      });
    }
    const ids = this.recordRows(rows, { ms: opts.ms, session: opts.session });
    const logged = /** @type {Record<string, string>} */ (RAW_TO_OPLOG)[operation];
    if (logged) {
      this.logOperation(logged, credits * count, count, opts.context ?? null, opts.ms);
    }
    if (operation === 'market_cap_refresh') {
      const live = this.liveTokens();
      if (live.length > 0) {
        const t = /** @type {TokenRecord} */ (live[Math.floor(this.rng.next() * Math.min(live.length, 10))]);
        if (t.mcCurrent !== null) {
          t.mcPrevious = t.mcCurrent;
          t.mcCurrent = Math.round(t.mcCurrent * (0.8 + this.rng.next() * 0.45) * 100) / 100;
          if (t.mcAth === null || t.mcCurrent > t.mcAth) {
            t.mcAth = t.mcCurrent;
            t.mcAthMs = Math.floor((opts.ms ?? this.now()) / 1000) * 1000;
          }
        }
        t.mcUpdatedMs = Math.floor((opts.ms ?? this.now()) / 1000) * 1000;
      }
      this.historyCache.clear();
    }
    return ids;
  }

  /**
   * Builds the raw rows of one analysis.
   * @param {TokenRecord} token
   * @param {Prng} rng
   * @param {'seed' | 'full'} size
   */
  analysisRows(token, rng, size) {
    const c = (/** @type {string} */ op) => this.cost(op);
    /** @type {{ operation: string, credits: number, wallet_address?: string | null,
     *   context?: Record<string, unknown> | null }[]} */
    const rows = [];
    const breakdown = {
      metadata: 0,
      market_cap: 0,
      creation_time: 0,
      transactions: 0,
      balances: 0,
      top_holders: 0,
    };
    rows.push({
      operation: 'token_metadata',
      credits: c('token_metadata'),
      context: { mint_address: token.address, method: 'das' },
    });
    breakdown.metadata += c('token_metadata');
    const tfa = size === 'seed' ? rng.int(1, 2) : rng.int(2, 5);
    for (let i = 0; i < tfa; i++) {
      rows.push({
        operation: 'transactions_for_address',
        credits: c('transactions_for_address'),
        context: { address: token.address, batch_limit: 100 },
      });
      breakdown.transactions += c('transactions_for_address');
    }
    if (size === 'full') {
      const owners = rng.int(1, 4);
      for (let i = 0; i < owners; i++) {
        rows.push({
          operation: 'account_owner',
          credits: c('account_owner'),
          wallet_address: walletAddress(rng),
        });
        breakdown.transactions += c('account_owner');
      }
      const accounts = rng.int(0, 2);
      for (let i = 0; i < accounts; i++) {
        rows.push({
          operation: 'token_accounts',
          credits: c('token_accounts'),
          context: { mint_address: token.address },
        });
        breakdown.transactions += c('token_accounts');
      }
    }
    rows.push({
      operation: 'token_largest_accounts',
      credits: c('token_largest_accounts'),
      context: { mint_address: token.address },
    });
    breakdown.top_holders += c('token_largest_accounts');
    const balances =
      size === 'seed' ? Math.min(token.wallets, 3) : rng.int(token.wallets, token.wallets * 2 + 2);
    for (let i = 0; i < balances; i++) {
      rows.push({
        operation: 'wallet_balance',
        credits: c('wallet_balance'),
        wallet_address: walletAddress(rng),
      });
      breakdown.balances += c('wallet_balance');
    }
    const total = Object.values(breakdown).reduce((a, b) => a + b, 0);
    rows.push({
      operation: 'token_analysis',
      credits: 0,
      context: {
        mint_address: token.address,
        total_credits: total,
        early_bidders_found: token.wallets,
        breakdown,
      },
    });
    return { rows, total };
  }

  /**
   * Creates a token record (not yet analysed).
   * @param {Prng} rng
   * @param {{ id?: number, name: string | null, symbol?: string | null, ms: number }} o
   * @returns {TokenRecord}
   */
  newToken(rng, o) {
    const id = o.id ?? this.nextTokenId;
    this.nextTokenId = Math.max(this.nextTokenId, id + 1);
    const symbol = o.symbol === undefined ? (o.name === null ? null : makeSymbol(o.name)) : o.symbol;
    const wallets = rng.int(0, 14);
    const hasMc = wallets > 0 || rng.chance(0.5);
    const mc = hasMc ? rng.money(3_000, 900_000) : null;
    const ms = Math.floor(o.ms / 1000) * 1000;
    return {
      id,
      address: mintAddress(rng),
      name: o.name,
      symbol,
      acronym: makeAcronym(o.name, symbol),
      analysisMs: ms,
      firstBuyMs: wallets > 0 ? ms - rng.int(10, 360) * 60_000 - rng.int(0, 59) * 1000 : null,
      wallets,
      creditsUsed: null,
      lastCredits: null,
      mc,
      mcCurrent: mc,
      mcPrevious: null,
      mcUpdatedMs: ms,
      mcAth: mc,
      mcAthMs: ms,
      verdict: null,
      tags: [],
      holders: wallets > 0 ? makeHolders(rng, rng.int(5, 10)) : null,
      holdersUpdatedMs: ms,
      labels: wallets > 0 ? ['auto:No-Positions', 'auto:Stable'] : ['auto:No-Positions'],
      refreshDeltaMs: rng.chance(0.3) ? 10 * 60_000 : 60 * 60_000,
      deleted: false,
    };
  }

  /**
   * Records an analysis of `token` at `ms` (seed or live) and updates the token.
   * @param {TokenRecord} token
   * @param {Prng} rng
   * @param {{ ms: number, size: 'seed' | 'full', session: boolean, jobId?: string }} o
   */
  recordAnalysis(token, rng, o) {
    const ms = Math.floor(o.ms / 1000) * 1000;
    const { rows, total } = this.analysisRows(token, rng, o.size);
    const ids = this.recordRows(rows, { ms, session: o.session });
    token.analysisMs = ms;
    token.lastCredits = total;
    token.creditsUsed = (token.creditsUsed ?? 0) + total;
    token.mcUpdatedMs = ms;
    token.holdersUpdatedMs = ms;
    if (token.mcAthMs === null || token.mcAth === null) token.mcAthMs = ms;
    this.logOperation(
      'token_analysis',
      total,
      rows.length - 1,
      { token_id: token.id, mint_address: token.address, wallets_found: token.wallets },
      ms,
    );
    const jobId = o.jobId ?? rng.hex(8);
    this.jobs.push({
      job_id: jobId,
      status: 'completed',
      token_address: token.address,
      token_name: token.name,
      token_symbol: token.symbol,
      acronym: token.acronym,
      wallets_found: token.wallets,
      timestamp: fmtUtcT(ms),
      credits_used: total,
      results_url: `/analysis/${jobId}`,
    });
    // History cache is invalidated on analysis; the status-bar cache is a plain 15 s TTL (as the app).
    this.historyCache.clear();
    return { ids, total, jobId };
  }

  /**
   * Runs one live analysis now: a new token (or a re-analysis) with dozens of rows in one second.
   * @param {Prng} rng
   * @param {{ name?: string | null, symbol?: string | null }} [opts]
   */
  runAnalysis(rng, opts = {}) {
    const now = this.now();
    /** @type {TokenRecord} */
    let token;
    if (opts.name !== undefined) {
      token = this.newToken(rng, { name: opts.name, symbol: opts.symbol, ms: now });
      if (token.wallets === 0) token.wallets = rng.int(1, 12);
      this.tokens.push(token);
    } else {
      const latestId = this.liveTokens()[0]?.id;
      const candidates = this.liveTokens().filter((t) => t.name !== null && t.id !== latestId);
      if (candidates.length > 0 && rng.chance(0.3)) {
        token = /** @type {TokenRecord} */ (rng.pick(candidates));
        token.wallets = rng.int(1, 14);
      } else {
        const name = rng.chance(0.15)
          ? rng.pick(HOSTILE_NAMES)
          : `${rng.pick([...ADJECTIVES, ...ADJECTIVES2])} ${rng.pick([...NOUNS, ...NOUNS2])}`;
        token = this.newToken(rng, { name, ms: now });
        if (token.wallets === 0) token.wallets = rng.int(1, 12);
        this.tokens.push(token);
      }
    }
    if (token.holders === null && token.wallets > 0) token.holders = makeHolders(rng, rng.int(5, 10));
    const { total, jobId } = this.recordAnalysis(token, rng, { ms: now, size: 'full', session: true });
    return { token, totalCredits: total, jobId };
  }

  /** Simulated backend restart: session counter and caches reset. */
  restart() {
    this.sessionCredits = 0;
    this.invalidateCaches();
  }

  // ---------------------------------------------------------------- seed

  seedData() {
    const rng = this.rng;
    const tz = this.tz;
    const now = this.now();
    const utcMid = utcMidnight(now);
    const locMid = localMidnight(tz, now);
    const dayStart = Math.max(utcMid, locMid);
    const yesterdayEnd = Math.min(utcMid, locMid);
    const span = Math.max(0, now - dayStart - 1000);
    const maxAgeMin = 300;
    const scale = Math.min(1, span / (maxAgeMin * 60_000));
    const todayAt = (/** @type {number} */ ageMin) =>
      Math.floor((now - ageMin * 60_000 * scale) / 1000) * 1000;
    const yesterdayAt = (/** @type {number} */ hours) =>
      Math.floor((yesterdayEnd - hours * 3_600_000) / 1000) * 1000;

    // Fixture tokens (ids 1-8) with their hostile names, holders and HEAD labels.
    const oldFixture = loadSeedJson('old-tokens-history.json').tokens;
    const headFixture = loadSeedJson('head-tokens-history.json').tokens;
    /** @type {Map<number, TokenRecord>} */
    const byId = new Map();
    /** @type {Map<number, number>} first buy, ms before the analysis */
    const firstBuyDelta = new Map();
    for (const f of oldFixture) {
      const h = headFixture.find((/** @type {{ id: number }} */ x) => x.id === f.id);
      const fAnalysis = Date.parse(`${f.analysis_timestamp.replace(' ', 'T')}Z`);
      const hAnalysis = h ? Date.parse(`${h.analysis_timestamp.replace(' ', 'T')}Z`) : fAnalysis;
      const refresh = h?.next_refresh_at ? Date.parse(h.next_refresh_at) - hAnalysis : 3_600_000;
      if (f.first_buy_timestamp) firstBuyDelta.set(f.id, fAnalysis - Date.parse(`${f.first_buy_timestamp}Z`));
      /** @type {TokenRecord} */
      const t = {
        id: f.id,
        address: f.token_address,
        name: f.token_name,
        symbol: f.token_symbol,
        acronym: f.acronym,
        analysisMs: 0,
        firstBuyMs: null,
        wallets: f.wallets_found,
        creditsUsed: null,
        lastCredits: null,
        mc: f.market_cap_usd,
        mcCurrent: f.market_cap_usd_current,
        mcPrevious: f.market_cap_usd_previous,
        mcUpdatedMs: 0,
        mcAth: f.market_cap_ath,
        mcAthMs: 0,
        verdict: f.gem_status,
        tags: [...f.tags],
        holders: f.top_holders,
        holdersUpdatedMs: 0,
        labels: h?.labels ?? ['auto:No-Positions'],
        refreshDeltaMs: refresh,
        deleted: false,
      };
      byId.set(t.id, t);
    }
    this.nextTokenId = 9;
    const extra9 = this.newToken(rng, { id: 9, name: tenThousandCharName(), symbol: 'LONG10K', ms: now });
    extra9.wallets = 4;
    extra9.holders = makeHolders(rng, 5);
    const extra10 = this.newToken(rng, { id: 10, name: null, symbol: null, ms: now });
    extra10.acronym = 'UNK';
    extra10.wallets = 1;
    extra10.holders = makeHolders(rng, 5);
    const extra11 = this.newToken(rng, {
      id: 11,
      name: '</script><script>alert(1)</script>',
      symbol: 'SCRIPT',
      ms: now,
    });
    extra11.acronym = '<';
    extra11.wallets = 2;
    extra11.holders = makeHolders(rng, 6);
    byId.set(9, extra9);
    byId.set(10, extra10);
    byId.set(11, extra11);

    /** @type {{ ms: number, kind: 'analysis' | 'charge' | 'oplog', run: () => void }[]} */
    const events = [];
    const analysisAt = (/** @type {number} */ id, /** @type {number} */ ms) => {
      const t = /** @type {TokenRecord} */ (byId.get(id));
      events.push({
        ms,
        kind: 'analysis',
        run: () => {
          const delta = firstBuyDelta.get(id);
          if (delta !== undefined) t.firstBuyMs = ms - delta;
          else if (t.firstBuyMs !== null) t.firstBuyMs = ms - (now - t.firstBuyMs);
          this.recordAnalysis(t, rng, { ms, size: 'seed', session: false });
        },
      });
    };
    const chargeAt = (/** @type {number} */ ms, /** @type {Parameters<DemoStore['charge']>[0]} */ o) => {
      events.push({ ms, kind: 'charge', run: () => this.charge({ ...o, ms, session: false }) });
    };

    // Today (both UTC and server-local): newest first is 8, 7, 6, 5, 4, 3, 11, 9.
    analysisAt(8, todayAt(4));
    analysisAt(7, todayAt(26));
    analysisAt(6, todayAt(51));
    analysisAt(5, todayAt(83));
    analysisAt(4, todayAt(118));
    analysisAt(3, todayAt(161));
    analysisAt(11, todayAt(205));
    analysisAt(9, todayAt(262));
    chargeAt(todayAt(15), { operation: 'market_cap_refresh', credits: 12 });
    chargeAt(todayAt(40), { operation: 'wallet_refresh', credits: 5 });
    if (this.mode === 'head') {
      chargeAt(todayAt(9), {
        operation: 'position_check',
        credits: 0,
        count: 1,
        context: { still_holding: 3, sold: 1 },
      });
      // MC Tracker batch calls appear only in the operation log: HEAD's total_credits > Σ by_operation.
      events.push({
        ms: todayAt(33),
        kind: 'oplog',
        run: () => this.logOperation('mc_tracker', 17, 17, { tokens_checked: 17 }, todayAt(33)),
      });
    }
    // Yesterday (UTC and server-local): must not count in today.
    analysisAt(2, yesterdayAt(2));
    analysisAt(1, yesterdayAt(2.5));
    analysisAt(10, yesterdayAt(4));
    chargeAt(yesterdayAt(1), { operation: 'market_cap_refresh', credits: 12 });
    chargeAt(yesterdayAt(1.5), { operation: 'wallet_balance', credits: 1, count: 2 });

    // Credit rows on the 2nd to 40th day before today, before every other row (ids stay in time
    // order), so credits/range has past days to sum. Their own generator leaves the rest of the
    // seed as it was; the 5th day back is always quiet (a day with no charges).
    this.seedPastDays(new Prng(this.seed * 7919 + 17), yesterdayEnd);

    events.sort((a, b) => a.ms - b.ms);
    for (const e of events) e.run();
    for (const t of byId.values()) {
      if (t.analysisMs === 0) t.analysisMs = now;
      this.tokens.push(t);
    }

    // About 40 ordinary older tokens, days ago.
    for (let i = 0; i < 40; i++) {
      const ms = yesterdayEnd - rng.int(6 * 60, 40 * 24 * 60) * 60_000 - rng.int(0, 59) * 1000;
      const name = `${rng.pick(ADJECTIVES)} ${rng.pick(ADJECTIVES2)} ${rng.pick(NOUNS)} ${rng.pick(NOUNS2)}`;
      const t = this.newToken(rng, { id: 12 + i, name, ms });
      if (t.wallets === 0) t.wallets = rng.int(1, 10);
      if (t.holders === null) t.holders = makeHolders(rng, rng.int(5, 10));
      const credits = rng.int(150, 700);
      t.creditsUsed = credits;
      t.lastCredits = credits;
      this.tokens.push(t);
    }
    this.nextTokenId = 52;

    // Ingest settings and queue.
    const old = this.settings.old;
    old.ingest_enabled = true;
    old.enrich_enabled = true;
    old.last_tier0_run_at = fmtLocalMicro(tz, now - 35 * 60_000);
    old.last_tier1_run_at = fmtLocalMicro(tz, now - 190 * 60_000);
    old.last_tier1_credits_used = 42;
    const head = this.settings.head;
    head.last_discovery_run_at = fmtLocalMicro(tz, now - 26 * 3_600_000);
    this.settings.headLegacy = {
      last_tier0_run_at: fmtLocalMicro(tz, now - 9 * 86_400_000),
      last_tier1_run_at: fmtLocalMicro(tz, now - 9 * 86_400_000 - 2 * 3_600_000),
      last_tier1_credits_used: 37,
      last_hot_refresh_at: null,
    };
    this.queue.old = {
      total: 143,
      by_tier: { ingested: 96, enriched: 31, analyzed: 12, discarded: 4 },
      by_status: { pending: 120, completed: 19, failed: 4 },
    };
    this.queue.head = {
      total: 61,
      by_tier: { ingested: 40, enriched: 12, analyzed: 9 },
      by_status: { pending: 44, completed: 17 },
    };
    this.invalidateCaches();
  }

  /**
   * A few charges on most past days (2 to 40 days before `yesterdayEnd`), oldest first.
   * @param {Prng} rng
   * @param {number} yesterdayEnd
   */
  seedPastDays(rng, yesterdayEnd) {
    // Operations that cost the same at OLD and HEAD, so a later switch of mode keeps them right.
    /** @type {[string, number][]} */
    const kinds = [
      ['wallet_balance', 1],
      ['account_owner', 1],
      ['token_largest_accounts', 1],
      ['market_cap_refresh', 12],
    ];
    for (let back = 40; back >= 2; back--) {
      if (back === 5 || rng.int(0, 9) < 3) continue;
      const dayEnd = yesterdayEnd - (back - 1) * 86_400_000;
      const charges = rng.int(1, 4);
      const times = Array.from({ length: charges }, () => dayEnd - rng.int(1, 23 * 60) * 60_000).sort(
        (a, b) => a - b,
      );
      for (const ms of times) {
        const [operation, credits] = rng.pick(kinds);
        const count = rng.int(1, 40);
        this.recordRows(
          Array.from({ length: count }, () => ({ operation, credits })),
          { ms, session: false },
        );
      }
    }
  }

  // ---------------------------------------------------------------- reads

  liveTokens() {
    return this.tokens.filter((t) => !t.deleted).sort((a, b) => b.analysisMs - a.analysisMs || a.id - b.id);
  }

  /** @param {number} id */
  tokenById(id) {
    return this.tokens.find((t) => t.id === id && !t.deleted) ?? null;
  }

  /**
   * Token in the API shape of a mode (fixture key order).
   * @param {TokenRecord} t
   * @param {Mode} [mode]
   */
  renderToken(t, mode = this.mode) {
    const space = (/** @type {number | null} */ ms) => (ms === null ? null : fmtUtcSpace(ms));
    /** @type {Record<string, unknown>} */
    const values = {
      id: t.id,
      token_address: t.address,
      token_name: t.name,
      token_symbol: t.symbol,
      acronym: t.acronym,
      analysis_timestamp: fmtUtcSpace(t.analysisMs),
      first_buy_timestamp: t.firstBuyMs === null ? null : fmtUtcT(t.firstBuyMs),
      wallets_found: t.wallets,
      credits_used: t.creditsUsed,
      last_analysis_credits: t.lastCredits,
      wallet_addresses: null,
      deleted_at: null,
      market_cap_usd: t.mc,
      market_cap_usd_current: t.mcCurrent,
      market_cap_usd_previous: t.mcPrevious,
      market_cap_updated_at: space(t.mcUpdatedMs),
      market_cap_ath: t.mcAth,
      market_cap_ath_timestamp: space(t.mcAthMs),
      gem_status: t.verdict,
      state_version: 0,
      tags: t.tags,
      top_holders: t.holders,
      top_holders_updated_at: space(t.holdersUpdatedMs),
    };
    /** @type {Record<string, unknown>} */
    const out = {};
    for (const k of OLD_TOKEN_KEYS) {
      if (mode === 'head' && k === 'gem_status') out.verdict = values.gem_status;
      else out[k] = values[k];
    }
    if (mode === 'head') {
      Object.assign(out, {
        liquidity_usd: null,
        ingest_source: null,
        dex_id: null,
        is_cashback: null,
        swab_open_positions: 0,
        swab_open_pnl_usd: null,
        swab_realized_pnl_usd: null,
        swab_last_check_at: null,
        swab_webhook_active: false,
        labels: t.labels,
        next_refresh_at: fmtUtcOffset(t.analysisMs + t.refreshDeltaMs),
        is_fast_lane: false,
        tracking_dropped: false,
      });
    }
    return out;
  }

  /**
   * Rows in [from, to) with per-operation sums in order of first appearance.
   * @param {number} from
   * @param {number} to
   */
  sumRows(from, to) {
    /** @type {Record<string, number>} */
    const byOperation = {};
    let total = 0;
    let count = 0;
    for (const tx of this.transactions) {
      if (tx.ms < from || tx.ms >= to) continue;
      count++;
      total += tx.credits;
      byOperation[tx.operation] = (byOperation[tx.operation] ?? 0) + tx.credits;
    }
    return { total, byOperation, count };
  }

  /** HEAD's operation-log term: rows whose UTC date equals the server-local date (API.md §3). */
  opLogToday() {
    const today = localDate(this.tz, this.now());
    let sum = 0;
    for (const e of this.opLog) if (utcDate(e.ms) === today) sum += e.credits;
    return sum;
  }

  /** GET /api/stats/credits/today */
  creditsToday() {
    const now = this.now();
    const start = localMidnight(this.tz, now);
    const end = localDayStartPlus(this.tz, now, 1);
    const { total, byOperation, count } = this.sumRows(start, end);
    const totalCredits = this.mode === 'head' ? Math.max(total, this.opLogToday()) : total;
    return {
      total_credits: totalCredits,
      period_start: fmtLocalMidnightNaive(this.tz, now),
      period_end: `${localDate(this.tz, end)}T00:00:00`,
      by_operation: byOperation,
      transaction_count: count,
      session_credits: this.sessionCredits,
    };
  }

  /** GET /api/stats/credits/range?days=N @param {number} days */
  creditsRange(days) {
    const now = this.now();
    const start = localDayStartPlus(this.tz, now, -days);
    const end = localDayStartPlus(this.tz, now, 1);
    const { total, byOperation, count } = this.sumRows(start, end);
    return {
      total_credits: total,
      period_start: fmtLocalMicroMinusDays(this.tz, now, days),
      period_end: fmtLocalMicro(this.tz, now),
      by_operation: byOperation,
      transaction_count: count,
      session_credits: this.sessionCredits,
    };
  }

  /**
   * GET /api/stats/credits/transactions: ORDER BY timestamp DESC with no tie-break, so rows inside
   * one second come back oldest id first (API.md §2.2).
   * @param {{ limit: number, operation?: string | null, tokenId?: number | null }} q
   */
  transactionsList(q) {
    let rows = this.transactions;
    if (q.operation && KNOWN_OPS.has(q.operation)) rows = rows.filter((r) => r.operation === q.operation);
    if (q.tokenId !== undefined && q.tokenId !== null) rows = rows.filter((r) => r.token_id === q.tokenId);
    const sorted = [...rows].sort((a, b) => b.ms - a.ms || a.id - b.id).slice(0, q.limit);
    return sorted.map((r) => ({
      id: r.id,
      operation: r.operation,
      credits: r.credits,
      timestamp: fmtUtcT(r.ms),
      token_id: r.token_id,
      wallet_address: r.wallet_address,
      context: r.context,
    }));
  }

  /** @param {number} limit */
  operationLog(limit) {
    return [...this.opLog]
      .sort((a, b) => b.id - a.id)
      .slice(0, limit)
      .map((e) => ({
        id: e.id,
        operation: e.operation,
        label: e.label,
        credits: e.credits,
        call_count: e.call_count,
        timestamp: fmtUtcT(e.ms),
        context: e.context,
      }));
  }

  /**
   * HEAD /api/stats/credits/operations: raw rows chained within `windowSeconds`, labels inferred.
   * @param {number} limit
   * @param {number} windowSeconds
   */
  aggregatedOperations(limit, windowSeconds) {
    const rows = [...this.transactions].sort((a, b) => b.ms - a.ms || b.id - a.id);
    /** @type {TxRecord[][]} */
    const groups = [];
    for (const r of rows) {
      const g = groups[groups.length - 1];
      const last = g?.[g.length - 1];
      if (g && last && last.ms - r.ms <= windowSeconds * 1000) g.push(r);
      else groups.push([r]);
      if (groups.length > limit) break;
    }
    return groups.slice(0, limit).map((g) => {
      const ops = new Set(g.map((r) => r.operation));
      let operation = 'api_calls';
      if (ops.has('token_analysis')) operation = 'token_analysis';
      else if (ops.size === 1) operation = /** @type {string} */ ([...ops][0]);
      const labels = /** @type {Record<string, string>} */ ({
        ...OP_LABELS,
        market_cap_refresh: 'Market Cap Refresh',
        api_calls: 'API Calls',
      });
      return {
        operation,
        label: labels[operation] ?? operation,
        credits: g.reduce((a, r) => a + r.credits, 0),
        timestamp: fmtUtcT(/** @type {TxRecord} */ (g[0]).ms),
        transaction_count: g.length,
      };
    });
  }

  /**
   * GET /api/tokens/history.
   * @param {Mode} mode
   * @param {{ limit?: number, offset?: number, search?: string | null, dexId?: string | null,
   *   sinceHours?: number | null }} [q]
   */
  history(mode, q = {}) {
    let list = this.liveTokens();
    if (mode === 'old') {
      const tokens = list.map((t) => this.renderToken(t, mode));
      return { total: list.length, total_wallets: list.reduce((a, t) => a + t.wallets, 0), tokens };
    }
    if (q.search) {
      const s = q.search.toLowerCase();
      list = list.filter(
        (t) =>
          (t.name ?? '').toLowerCase().includes(s) ||
          (t.symbol ?? '').toLowerCase().includes(s) ||
          t.address.toLowerCase().includes(s),
      );
    }
    if (q.dexId) list = [];
    if (q.sinceHours !== undefined && q.sinceHours !== null) {
      const cutoff = Math.floor((this.now() - q.sinceHours * 3_600_000) / 1000) * 1000;
      list = list.filter((t) => t.analysisMs >= cutoff);
    }
    const total = list.length;
    const offset = Math.max(0, q.offset ?? 0);
    const limit = q.limit ?? 50;
    const page = limit < 0 ? list.slice(offset) : list.slice(offset, offset + limit);
    return {
      total,
      total_wallets: page.reduce((a, t) => a + t.wallets, 0),
      tokens: page.map((t) => this.renderToken(t, mode)),
    };
  }

  /** HEAD GET /api/tokens/latest */
  latest() {
    const t = this.liveTokens()[0];
    if (!t) {
      return {
        token_id: null,
        token_name: null,
        token_symbol: null,
        analysis_timestamp: null,
        wallets_found: null,
        credits_used: null,
      };
    }
    return {
      token_id: t.id,
      token_name: t.name,
      token_symbol: t.symbol,
      analysis_timestamp: fmtUtcSpace(t.analysisMs),
      wallets_found: t.wallets,
      credits_used: t.lastCredits ?? t.creditsUsed,
    };
  }

  /** Tokens whose latest analysis is at or after a midnight. @param {number} midnightMs */
  tokensScannedSince(midnightMs) {
    return this.liveTokens().filter((t) => t.analysisMs >= midnightMs).length;
  }

  /** @param {Mode} mode */
  ingestSettings(mode) {
    return mode === 'old' ? { ...this.settings.old } : { ...this.settings.head };
  }

  /** @param {Mode} mode */
  queueStats(mode) {
    if (mode === 'old') {
      const s = this.settings.old;
      return {
        total: this.queue.old.total,
        by_tier: { ...this.queue.old.by_tier },
        by_status: { ...this.queue.old.by_status },
        last_tier0_run_at: s.last_tier0_run_at,
        last_tier1_run_at: s.last_tier1_run_at,
        last_tier1_credits_used: s.last_tier1_credits_used ?? 0,
        last_hot_refresh_at: s.last_hot_refresh_at,
      };
    }
    const s = this.settings.head;
    const legacy = this.settings.headLegacy;
    return {
      total: this.queue.head.total,
      by_tier: { ...this.queue.head.by_tier },
      by_status: { ...this.queue.head.by_status },
      last_discovery_run_at: s.last_discovery_run_at,
      last_refresh_run_at: s.last_refresh_run_at,
      last_tier0_run_at: legacy.last_tier0_run_at ?? s.last_discovery_run_at,
      last_tier1_run_at: legacy.last_tier1_run_at ?? null,
      last_tier1_credits_used: legacy.last_tier1_credits_used ?? 0,
      last_hot_refresh_at: legacy.last_hot_refresh_at ?? s.last_refresh_run_at,
    };
  }

  /** @param {number} intervalMin */
  nextRun(intervalMin) {
    const now = this.now();
    const step = intervalMin * 60_000;
    const n = Math.floor((now - this.startedAt) / step) + 1;
    return this.startedAt + n * step;
  }

  /** HEAD GET /api/stats/status-bar (15 s cache). */
  statusBar() {
    const now = this.now();
    if (this.statusBarCache && this.statusBarCache.expires > now) return this.statusBarCache.body;
    const sb = structuredClone(this.statusBarTemplate);
    sb.timers.ingest_tier0.next_run_at = fmtLocalAware(this.tz, this.nextRun(30));
    sb.timers.ingest_hot_refresh.next_run_at = fmtLocalAware(this.tz, this.nextRun(2));
    const live = this.liveTokens();
    const tiers = { fresh: 0, maturing: 0, aging: 0, old: 0, retired: 0 };
    for (const t of live) {
      const ageH = (now - t.analysisMs) / 3_600_000;
      if (ageH < 24) tiers.fresh++;
      else if (ageH < 72) tiers.maturing++;
      else if (ageH < 24 * 7) tiers.aging++;
      else if (ageH < 24 * 30) tiers.old++;
      else tiers.retired++;
    }
    sb.polling.total_tokens = live.length;
    sb.polling.total_active = live.length - tiers.retired;
    sb.polling.tokens_scanned_today = this.tokensScannedSince(utcMidnight(now));
    sb.polling.tiers = tiers;
    sb.polling.verdicts = {
      wins: live.filter((t) => t.verdict === 'verified-win').length,
      losses: live.filter((t) => t.verdict === 'verified-loss').length,
      pending: live.filter((t) => t.verdict === null).length,
    };
    sb.credits.used_today = this.creditsToday().total_credits;
    for (const job of ['auto_scan', 'mc_tracker', 'position_check']) {
      const last = [...this.opLog].reverse().find((e) => e.operation === job);
      sb.credits.by_job[job] = {
        today: 0,
        last_run: last ? last.credits : 0,
        last_run_at: last ? fmtUtcZ(last.ms) : null,
        last_run_context: last ? last.context : null,
      };
    }
    this.statusBarCache = { body: sb, expires: now + 15_000 };
    return sb;
  }

  lastTransactionId() {
    return this.nextTxId - 1;
  }
}
