// Timer-driven activity: a small credit event every ~pace seconds and a full analysis every
// ~12 × pace seconds. The sequence of events is deterministic from the seed (its own PRNG stream).

import { Prng, walletAddress } from './prng.mjs';
import { fmtLocalMicro } from './time.mjs';

/**
 * @typedef {object} SimulatorHost
 * @property {import('./data.mjs').DemoStore} store
 * @property {(opts?: { name?: string | null, symbol?: string | null, broadcast?: boolean }) => object} analysis
 * @property {(msg: string) => void} log
 */

export const ANALYSIS_EVERY = 12;

export class Simulator {
  /**
   * @param {SimulatorHost} host
   * @param {number} seed
   * @param {number | 'off'} pace seconds
   */
  constructor(host, seed, pace) {
    this.host = host;
    this.rng = new Prng((seed * 2_654_435_761 + 99) >>> 0);
    /** @type {number | 'off'} */
    this.pace = pace;
    this.tickCount = 0;
    /** @type {NodeJS.Timeout | null} */
    this.timer = null;
    this.schedule();
  }

  /** @param {number | 'off'} pace */
  setPace(pace) {
    this.pace = pace;
    this.schedule();
  }

  schedule() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pace === 'off') return;
    const delay = this.pace * 1000 * (0.8 + 0.4 * this.rng.next());
    this.timer = setTimeout(() => {
      try {
        this.tick();
      } catch (e) {
        this.host.log(`simulator error: ${e instanceof Error ? e.stack : e}`);
      }
      this.schedule();
    }, delay);
    this.timer.unref?.();
  }

  stop() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pace = 'off';
  }

  /** One simulator step (also callable directly). */
  tick() {
    const { store } = this.host;
    const rng = this.rng;
    this.tickCount++;
    const r = rng.next();
    if (r < 0.35) {
      store.charge({ operation: 'market_cap_refresh', credits: 12, context: { token_count: 1 } });
    } else if (r < 0.7) {
      const n = rng.int(1, 3);
      for (let i = 0; i < n; i++) {
        store.recordRows([{ operation: 'wallet_balance', credits: 1, wallet_address: walletAddress(rng) }]);
      }
    } else if (r < 0.9) {
      store.recordRows([
        { operation: 'token_metadata', credits: store.cost('token_metadata'), context: null },
      ]);
    } else {
      store.charge({ operation: 'wallet_refresh', credits: 5 });
    }
    if (store.mode === 'head') {
      if (this.tickCount % 4 === 0) {
        const calls = rng.int(0, 8);
        store.logOperation('mc_tracker', calls, calls, { tokens_checked: calls });
      }
      if (this.tickCount % 6 === 0) {
        store.charge({
          operation: 'position_check',
          credits: 0,
          context: { still_holding: rng.int(0, 4), sold: rng.int(0, 2) },
        });
      }
    }
    if (
      store.mode === 'old' &&
      store.settings.old.ingest_enabled &&
      this.tickCount % (ANALYSIS_EVERY * 2) === 0
    ) {
      this.ingestRun();
    }
    if (this.tickCount % ANALYSIS_EVERY === 0) this.host.analysis({ broadcast: true });
  }

  /** OLD: a Tier-0 ingest run (and every other time a Tier-1 enrichment with a few credits). */
  ingestRun() {
    const { store } = this.host;
    const rng = this.rng;
    const q = store.queue.old;
    const n = rng.int(1, 6);
    q.total += n;
    q.by_tier.ingested = (q.by_tier.ingested ?? 0) + n;
    q.by_status.pending = (q.by_status.pending ?? 0) + n;
    store.settings.old.last_tier0_run_at = fmtLocalMicro(store.tz, store.now());
    if (this.tickCount % (ANALYSIS_EVERY * 4) === 0 && store.settings.old.enrich_enabled) {
      const k = Math.min(rng.int(1, 4), q.by_tier.ingested ?? 0);
      if (k > 0) {
        q.by_tier.ingested = (q.by_tier.ingested ?? 0) - k;
        q.by_tier.enriched = (q.by_tier.enriched ?? 0) + k;
      }
      const rows = [];
      for (let i = 0; i < k * 2; i++)
        rows.push({ operation: 'token_metadata', credits: store.cost('token_metadata') });
      const ids = store.recordRows(rows);
      store.settings.old.last_tier1_run_at = fmtLocalMicro(store.tz, store.now());
      store.settings.old.last_tier1_credits_used = ids.length * store.cost('token_metadata');
    }
  }
}
