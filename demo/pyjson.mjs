// JSON encoding like FastAPI's JSONResponse: compact separators, non-ASCII kept as is, and Python
// floats keep their ".0" (87000.0). JavaScript has no float type, so float fields are known by key.

/** Keys whose numeric values are Python floats in the real app. */
export const FLOAT_KEYS = new Set([
  'market_cap_usd',
  'market_cap_usd_current',
  'market_cap_usd_previous',
  'market_cap_ath',
  'token_balance_usd',
  'wallet_balance_usd',
  'liquidity_usd',
  'swab_open_pnl_usd',
  'swab_realized_pnl_usd',
  'mc_min',
  'mc_max',
  'volume_min',
  'liquidity_min',
  'age_max_hours',
  'hot_refresh_age_hours',
  'realtime_mc_min_at_close',
  'tracking_mc_threshold',
  'low_liquidity_threshold',
  'avg_return',
]);

/**
 * @param {unknown} value
 * @param {string | null} key
 * @returns {string}
 */
function encode(value, key) {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'number': {
      if (!Number.isFinite(value)) throw new TypeError('Out of range float values are not JSON compliant');
      if (key !== null && FLOAT_KEYS.has(key) && Number.isInteger(value)) return `${value}.0`;
      return JSON.stringify(value);
    }
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => encode(v, key)).join(',')}]`;
      const parts = [];
      for (const [k, v] of Object.entries(value)) {
        if (v === undefined) continue;
        parts.push(`${JSON.stringify(k)}:${encode(v, k)}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      return 'null';
  }
}

/** @param {unknown} value */
export function pyDumps(value) {
  return encode(value, null);
}
