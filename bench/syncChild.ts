// Runs one benchmark of bench/syncBench.ts in a process of its own, so a crash, a hang or the globals it
// installs (fake-indexeddb, a CRM on loopback) cannot take the rest of the bench run with it.
// Usage: tsx bench/syncChild.ts <benchBacklogDrain|benchCatalogSync> '<options as JSON>'
// The result is the last stdout line, prefixed with RESULT_PREFIX.
// `crmServer` is the benchmarks' own CRM process (started by syncBench.ts over IPC): it prints no result.
import { RESULT_PREFIX } from './stats';

const [fnName, rawOpts] = process.argv.slice(2);
try {
  // Not a static import: the file may not exist yet, and the run must still finish.
  const mod = (await import(new URL('./syncBench.ts', import.meta.url).href)) as Record<string, unknown>;
  const fn = mod[fnName ?? ''];
  if (typeof fn !== 'function') throw new Error(`bench/syncBench.ts does not export ${fnName}`);
  const result: unknown = await (fn as (o: unknown) => Promise<unknown>)(JSON.parse(rawOpts ?? '{}'));
  if (fnName !== 'crmServer') process.stdout.write(`\n${RESULT_PREFIX}${JSON.stringify(result)}\n`);
  process.exit(0);
} catch (e) {
  const error = e instanceof Error ? e.message : String(e);
  if (e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
  if (fnName === 'crmServer' && process.send) process.send({ t: 'error', error });
  else process.stdout.write(`\n${RESULT_PREFIX}${JSON.stringify({ error })}\n`);
  process.exit(1);
}
