// Python's `random` module as the siamese_network port draws from it: the Mersenne Twister (MT19937) seeded
// as CPython seeds it from an int (init_by_array over the int's 32-bit words), getrandbits(k) for k <= 32,
// and randint(a, b) = randrange(a, b + 1) by rejection sampling (_randbelow_with_getrandbits), so that the
// same seed gives the same integers as CPython's random.randint.

const N = 624;
const M = 397;
const state = new Uint32Array(N);
let index = N + 1;

function initGenrand(s: number): void {
  state[0] = s >>> 0;
  for (let i = 1; i < N; i++) {
    const prev = (state[i - 1] ?? 0) ^ ((state[i - 1] ?? 0) >>> 30);
    state[i] = (Math.imul(1812433253, prev) + i) >>> 0;
  }
  index = N;
}

function initByArray(key: number[]): void {
  initGenrand(19650218);
  let i = 1;
  let j = 0;
  for (let k = Math.max(N, key.length); k > 0; k--) {
    const prev = (state[i - 1] ?? 0) ^ ((state[i - 1] ?? 0) >>> 30);
    state[i] = (((state[i] ?? 0) ^ Math.imul(prev, 1664525)) + (key[j] ?? 0) + j) >>> 0;
    i++;
    j++;
    if (i >= N) {
      state[0] = state[N - 1] ?? 0;
      i = 1;
    }
    if (j >= key.length) j = 0;
  }
  for (let k = N - 1; k > 0; k--) {
    const prev = (state[i - 1] ?? 0) ^ ((state[i - 1] ?? 0) >>> 30);
    state[i] = (((state[i] ?? 0) ^ Math.imul(prev, 1566083941)) - i) >>> 0;
    i++;
    if (i >= N) {
      state[0] = state[N - 1] ?? 0;
      i = 1;
    }
  }
  state[0] = 0x80000000;
}

function genrandUint32(): number {
  if (index >= N) {
    if (index === N + 1) initGenrand(5489);
    for (let k = 0; k < N; k++) {
      const y = ((state[k] ?? 0) & 0x80000000) | ((state[(k + 1) % N] ?? 0) & 0x7fffffff);
      state[k] = ((state[(k + M) % N] ?? 0) ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0)) >>> 0;
    }
    index = 0;
  }
  let y = state[index++] ?? 0;
  y ^= y >>> 11;
  y = (y ^ ((y << 7) & 0x9d2c5680)) >>> 0;
  y = (y ^ ((y << 15) & 0xefc60000)) >>> 0;
  y ^= y >>> 18;
  return y >>> 0;
}

/** random.seed(a) for a non-negative or negative int (CPython takes its absolute value's 32-bit words). */
export function seed(a: number): void {
  if (!Number.isSafeInteger(a)) throw new TypeError("seed: an integer is expected here");
  let n = Math.abs(a);
  const key: number[] = [];
  do {
    key.push(n % 0x100000000);
    n = Math.floor(n / 0x100000000);
  } while (n > 0);
  initByArray(key);
}

/** random.getrandbits(k) for 0 < k <= 32. */
export function getrandbits(k: number): number {
  if (k <= 0 || k > 32) throw new RangeError("getrandbits: 0 < k <= 32 here");
  return genrandUint32() >>> (32 - k);
}

/** random.randint(a, b): an integer in [a, b], both ends included. */
export function randint(a: number, b: number): number {
  const n = b - a + 1;
  if (n <= 0) throw new Error(`ValueError: empty range for randrange() (${a}, ${b + 1}, ${n})`);
  const k = n.toString(2).length; // n.bit_length()
  let r = getrandbits(k);
  while (r >= n) r = getrandbits(k);
  return a + r;
}
