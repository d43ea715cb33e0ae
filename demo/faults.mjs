// Fault injection state: per API path, for every path ('all'), and for the WebSocket ('ws').

export const HTTP_FAULT_KINDS = [
  'none',
  'down',
  'hang',
  'slow',
  '500',
  '422',
  '429',
  'malformed',
  'wrong-shape',
  'huge',
];
export const WS_FAULT_KINDS = ['none', 'refuse', 'drop', 'silent', 'flap'];

/**
 * @typedef {object} Fault
 * @property {string} kind
 * @property {number} [ms]
 * @property {number} [afterMs]
 * @property {string} [variant]
 * @property {number} since  real-time ms when the fault was set
 */

export class FaultState {
  constructor() {
    /** @type {Map<string, Fault>} */
    this.http = new Map();
    /** @type {Fault | null} */
    this.ws = null;
  }

  /**
   * Validates and stores a fault. Returns the stored fault, or null when it was cleared.
   * @param {{ target?: unknown, kind?: unknown, ms?: unknown, afterMs?: unknown, variant?: unknown }} spec
   */
  set(spec) {
    const target = typeof spec.target === 'string' ? spec.target : '';
    const kind = typeof spec.kind === 'string' ? spec.kind : '';
    if (!target)
      throw new Error('target is required: "all", "ws" or an API path such as /api/stats/credits/today');
    if (target !== 'all' && target !== 'ws' && !target.startsWith('/')) {
      throw new Error(`invalid target ${JSON.stringify(target)}`);
    }
    const kinds = target === 'ws' ? WS_FAULT_KINDS : HTTP_FAULT_KINDS;
    if (!kinds.includes(kind)) {
      throw new Error(
        `invalid kind ${JSON.stringify(kind)} for target ${target}; expected one of ${kinds.join(', ')}`,
      );
    }
    /** @type {Fault} */
    const fault = { kind, since: Date.now() };
    if (spec.ms !== undefined) {
      const ms = Number(spec.ms);
      if (!Number.isFinite(ms) || ms < 0) throw new Error('ms must be a non-negative number');
      fault.ms = ms;
    }
    if (spec.afterMs !== undefined) {
      const afterMs = Number(spec.afterMs);
      if (!Number.isFinite(afterMs) || afterMs < 0) throw new Error('afterMs must be a non-negative number');
      fault.afterMs = afterMs;
    }
    if (typeof spec.variant === 'string') fault.variant = spec.variant;
    if (target === 'ws') {
      this.ws = kind === 'none' ? null : fault;
      return this.ws;
    }
    if (kind === 'none') {
      this.http.delete(target);
      return null;
    }
    this.http.set(target, fault);
    return fault;
  }

  clearAll() {
    this.http.clear();
    this.ws = null;
  }

  /** Whether the whole API is set to refuse connections. */
  isDown() {
    return this.http.get('all')?.kind === 'down';
  }

  /**
   * The active HTTP fault for a path (a path-specific fault wins over 'all'). For HTTP faults,
   * `afterMs` delays the activation.
   * @param {string} path
   * @returns {Fault | null}
   */
  httpFaultFor(path) {
    const f = this.http.get(path) ?? this.http.get('all') ?? null;
    if (!f) return null;
    if (f.afterMs && Date.now() < f.since + f.afterMs) return null;
    return f;
  }

  toJSON() {
    /** @type {Record<string, object>} */
    const out = {};
    for (const [target, f] of this.http) out[target] = strip(f);
    if (this.ws) out.ws = strip(this.ws);
    return out;
  }
}

/** @param {Fault} f */
function strip(f) {
  const { since: _since, ...rest } = f;
  return rest;
}
