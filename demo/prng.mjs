// Deterministic pseudo-random numbers (mulberry32) so --seed reproduces the same data.

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

export class Prng {
  /** @param {number} seed */
  constructor(seed) {
    this.state = (Number(seed) >>> 0) ^ 0x9e3779b9;
  }

  /** Uniform in [0, 1). */
  next() {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. @param {number} min @param {number} max */
  int(min, max) {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** @param {number} p */
  chance(p) {
    return this.next() < p;
  }

  /** @template T @param {readonly T[]} items @returns {T} */
  pick(items) {
    return /** @type {T} */ (items[Math.floor(this.next() * items.length)]);
  }

  /** Base58 string of length n. @param {number} n */
  base58(n) {
    let s = '';
    for (let i = 0; i < n; i++) s += BASE58[Math.floor(this.next() * 58)];
    return s;
  }

  /** Lower-case hex string of length n. @param {number} n */
  hex(n) {
    let s = '';
    for (let i = 0; i < n; i++) s += Math.floor(this.next() * 16).toString(16);
    return s;
  }

  /** Float with 2 decimals in [min, max]. @param {number} min @param {number} max */
  money(min, max) {
    return Math.round((min + this.next() * (max - min)) * 100) / 100;
  }
}

/** A Solana-looking mint address (pump.fun style). @param {Prng} rng */
export function mintAddress(rng) {
  return `${rng.base58(40)}pump`;
}

/** A Solana-looking wallet address. @param {Prng} rng */
export function walletAddress(rng) {
  return rng.base58(rng.int(43, 44));
}
