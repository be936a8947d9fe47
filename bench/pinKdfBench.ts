// pin_kdf: what a staff PIN verifier costs to check on this machine, and so what an offline search of the PIN
// space costs a thief holding a stolen till's cache (issue 16, docs/decisions/0046). One check is one argon2id
// derivation at the production cost (DEFAULT_ARGON2, hash-wasm as the till runs it). Baseline in the same run: the
// old verifier, PBKDF2-SHA256 with 100,000 iterations (WebCrypto), so the ratio says how much dearer a guess got.
// The search figures are single-core: guesses x median, worst case (the whole space), half that on average.
// No goal is enforced: the machine is shared and noisy; the numbers are recorded in the decision.
// `npx tsx bench/pinKdfBench.ts` runs it alone; bench/run.ts records it with the rest.
import { DEFAULT_ARGON2, DEFAULT_PIN_ITERATIONS } from '../src/domain/staff/pinHash';
import { deriveArgon2id, derivePbkdf2 } from '../src/domain/staff/pinKdf';
import { round, summarize, type BenchResult } from './stats';

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

export async function benchPinKdf(runs = 15): Promise<BenchResult> {
  const salt = globalThis.crypto.getRandomValues(new Uint8Array(16));
  const argon = () => deriveArgon2id('135790', salt, DEFAULT_ARGON2);
  const pbkdf2 = () => derivePbkdf2('1357', salt, DEFAULT_PIN_ITERATIONS);
  // Warm both (WebAssembly compile, JIT); interleave so machine noise hits both alike.
  await argon();
  await pbkdf2();
  const times: number[] = [];
  const base: number[] = [];
  for (let i = 0; i < runs; i++) {
    times.push(await time(argon));
    base.push(await time(pbkdf2));
  }
  const s = summarize(times);
  const b = summarize(base);
  const perGuessS = s.median / 1000;
  const legacyPerGuessS = b.median / 1000;
  return {
    unit: 'ms',
    median: round(s.median),
    p95: round(s.p95),
    n: s.n,
    baseline: round(b.median),
    ratio: round(s.median / b.median),
    kdf: `argon2id m=${DEFAULT_ARGON2.memoryKiB} KiB, t=${DEFAULT_ARGON2.iterations}, p=${DEFAULT_ARGON2.parallelism}`,
    baselineKdf: `pbkdf2-sha256 ${DEFAULT_PIN_ITERATIONS} iterations`,
    // A whole search on one core of this machine, in seconds (10^4 and 10^6 guesses).
    search4DigitsS: round(1e4 * perGuessS),
    search6DigitsS: round(1e6 * perGuessS),
    search6DigitsCoreHours: round((1e6 * perGuessS) / 3600),
    legacySearch4DigitsS: round(1e4 * legacyPerGuessS),
    legacySearch6DigitsS: round(1e6 * legacyPerGuessS),
    // Memory a guess holds while it runs: what limits a thief's parallel guesses per machine (or GPU).
    memoryPerGuessMiB: DEFAULT_ARGON2.memoryKiB / 1024,
  };
}

if (import.meta.url === `file://${process.argv[1]}`)
  console.log(JSON.stringify(await benchPinKdf(), null, 2));
