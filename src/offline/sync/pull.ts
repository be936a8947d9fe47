// Pull: the CRM's streams into the cache (ARCHITECTURE.md, outbox rule 6; docs/decisions/0020).
// Each page and the cursor after it are stored together. A page is applied only when it was asked for from
// the cursor the cache holds, and inside a page only items newer than the cached version are written, so a
// duplicated, stale or reordered page does nothing. A snapshot (first start, or `reset: true`) loads into
// the generation readers do not see and is switched in by one meta write once complete.
import { Dexie } from 'dexie';
import type { Category, Product } from '../../domain/model';
import type { PullItem, PullResponse, Stream } from '../../shared/crm';
import { STREAM_KINDS } from '../../shared/crm';
import { activeGeneration, catalogTables, generationKey, toCachedProduct } from '../catalog';
import type { CacheDb, CachedCategory, CachedProduct, Generation, StreamItemRow } from '../db';
import type { CrmClient, CrmFailure, PullQuery } from './crmClient';

export const cursorKey = (stream: Stream): string => `cursor.${stream}`;
export const stagingKey = (stream: Stream): string => `staging.${stream}`;

/** A snapshot being loaded into `gen`, resumable after a crash from `cursor` (null: from the start). */
export interface StagingState {
  gen: Generation;
  cursor: string | null;
  loaded: number;
  startedAt: string;
}

export interface PullPosition {
  active: Generation;
  cursor: string | undefined;
  staging: StagingState | undefined;
}

const other = (g: Generation): Generation => (g === 'a' ? 'b' : 'a');

export async function readPullPosition(cache: CacheDb, stream: Stream): Promise<PullPosition> {
  return cache.transaction('r', cache.meta, async () => {
    const [gen, cursor, staging] = await cache.meta.bulkGet([
      generationKey(stream),
      cursorKey(stream),
      stagingKey(stream),
    ]);
    return {
      active: gen?.value === 'b' ? 'b' : 'a',
      cursor: typeof cursor?.value === 'string' ? cursor.value : undefined,
      staging: staging?.value as StagingState | undefined,
    };
  });
}

/** Where the next request of `stream` starts: the staging cursor while a snapshot loads, else the cursor. */
export function requestCursor(p: PullPosition): string | undefined {
  if (p.staging) return p.staging.cursor ?? undefined;
  return p.cursor;
}

export type ApplyOutcome =
  | {
      applied: true;
      mode: 'incremental' | 'snapshot';
      written: number;
      deleted: number;
      skipped: number;
      /** This page completed a snapshot and the new generation is now the one readers see. */
      switched: boolean;
    }
  | { applied: false; reason: 'stale' };

export interface ApplyOptions {
  /** Items per cache transaction (about 1,000 keeps each short, PITFALLS.md). */
  chunkSize?: number;
  /** Between chunks, so the UI thread gets a turn. */
  yieldBetweenChunks?: () => Promise<void>;
  now?: () => Date;
}

/** setTimeout(0) where nothing better exists: lets input and rendering in between two chunks. */
export function yieldToEventLoop(): Promise<void> {
  const s = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (s?.yield) return s.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

interface Target {
  gen: Generation;
  catalog: boolean;
}

function tablesFor(cache: CacheDb, stream: Stream) {
  return stream === 'catalog'
    ? [cache.meta, cache.products, cache.productsB, cache.categories, cache.categoriesB]
    : [cache.meta, cache.streamItems];
}

/** Keeps the last (newest) item per entity: within a page one entity's changes come in commit order. */
function newestPerEntity(items: readonly PullItem[]): PullItem[] {
  const byKey = new Map<string, PullItem>();
  for (const item of items) {
    const key = `${item.kind}\u0000${item.id}`;
    const seen = byKey.get(key);
    if (!seen || seen.version <= item.version) byKey.set(key, item);
  }
  return [...byKey.values()];
}

async function clearGeneration(cache: CacheDb, stream: Stream, gen: Generation): Promise<void> {
  if (stream === 'catalog') {
    const t = catalogTables(cache, gen);
    await t.products.clear();
    await t.categories.clear();
    return;
  }
  for (const kind of STREAM_KINDS[stream])
    await cache.streamItems
      .where('[gen+kind+id]')
      .between([gen, kind, Dexie.minKey], [gen, kind, Dexie.maxKey])
      .delete();
}

/**
 * Writes one chunk into `target`. Incremental chunks compare versions with the cache; a snapshot chunk
 * goes into a generation nobody reads, in stream order, so the last write per entity is the newest.
 */
async function writeChunk(
  cache: CacheDb,
  target: Target,
  items: PullItem[],
  checkVersions: boolean,
): Promise<{ written: number; deleted: number; skipped: number }> {
  let written = 0;
  let deleted = 0;
  let skipped = 0;
  const newest = newestPerEntity(items);
  if (target.catalog) {
    const t = catalogTables(cache, target.gen);
    const products = newest.filter((i) => i.kind === 'product');
    const categories = newest.filter((i) => i.kind === 'category');
    const [cachedP, cachedC] = checkVersions
      ? await Promise.all([
          t.products.bulkGet(products.map((i) => i.id)),
          t.categories.bulkGet(categories.map((i) => i.id)),
        ])
      : [[], []];
    const putP: CachedProduct[] = [];
    const delP: string[] = [];
    products.forEach((item, i) => {
      if ((cachedP[i]?.version ?? 0) >= item.version) return void skipped++;
      if (item.op === 'delete' || !item.data) delP.push(item.id);
      else putP.push(toCachedProduct({ ...(item.data as Product), version: item.version }));
    });
    const putC: CachedCategory[] = [];
    const delC: string[] = [];
    categories.forEach((item, i) => {
      if ((cachedC[i]?.version ?? 0) >= item.version) return void skipped++;
      if (item.op === 'delete' || !item.data) delC.push(item.id);
      else putC.push({ ...(item.data as Category), version: item.version });
    });
    // Deletes first: a product that gave up its barcode frees it for the one taking it.
    await t.products.bulkDelete(delP);
    await t.categories.bulkDelete(delC);
    await putProducts(t.products, putP);
    await t.categories.bulkPut(putC);
    written += putP.length + putC.length;
    deleted += delP.length + delC.length;
    return { written, deleted, skipped };
  }
  const keys = newest.map((i) => [target.gen, i.kind, i.id] as [Generation, string, string]);
  const cached = checkVersions ? await cache.streamItems.bulkGet(keys) : [];
  const puts: StreamItemRow[] = [];
  const dels: [Generation, string, string][] = [];
  newest.forEach((item, i) => {
    if ((cached[i]?.version ?? 0) >= item.version) return void skipped++;
    if (item.op === 'delete' || item.data === undefined) dels.push(keys[i]!);
    else puts.push({ gen: target.gen, kind: item.kind, id: item.id, version: item.version, data: item.data });
  });
  await cache.streamItems.bulkDelete(dels);
  await cache.streamItems.bulkPut(puts);
  return { written: puts.length, deleted: dels.length, skipped };
}

/**
 * bulkPut; when a barcode moved between products (the unique index refuses the put), the careful way:
 * the CRM's barcodes are unique at every commit, so whoever holds that barcode here is stale and yields it.
 */
async function putProducts(table: CacheDb['products'], rows: CachedProduct[]): Promise<void> {
  if (rows.length === 0) return;
  try {
    await table.bulkPut(rows);
  } catch (e) {
    // Caught inside the transaction, a BulkError keeps the rows that did go in.
    if (!(e instanceof Dexie.BulkError)) throw e;
    for (const pos of Object.keys(e.failuresByPos)) {
      const row = rows[Number(pos)]!;
      const holders = await table.where('barcode').equals(row.barcode).primaryKeys();
      await table.bulkDelete(holders.filter((id) => id !== row.id));
      await table.put(row);
    }
  }
}

/**
 * Applies one page of `stream` that was requested from `fromCursor`. See the file comment for the rules;
 * returns { applied: false } for a page that does not continue the cache's position.
 */
export async function applyPullPage(
  cache: CacheDb,
  stream: Stream,
  fromCursor: string | undefined,
  page: PullResponse,
  opts: ApplyOptions = {},
): Promise<ApplyOutcome> {
  if (page.stream !== stream) return { applied: false, reason: 'stale' };
  const chunkSize = Math.max(1, opts.chunkSize ?? 1000);
  const pause = opts.yieldBetweenChunks ?? yieldToEventLoop;
  const now = opts.now ?? (() => new Date());
  const tables = tablesFor(cache, stream);
  const chunks: PullItem[][] = [];
  for (let i = 0; i < page.items.length; i += chunkSize) chunks.push(page.items.slice(i, i + chunkSize));
  if (chunks.length === 0) chunks.push([]);

  let mode: 'incremental' | 'snapshot' = 'incremental';
  let target: Target | undefined;
  let written = 0;
  let deleted = 0;
  let skipped = 0;
  let switched = false;
  // The position the page must continue, re-checked in the last chunk's transaction before the cursor moves.
  let expected: { staging: boolean; cursor: string | undefined } | undefined;

  for (let c = 0; c < chunks.length; c++) {
    const last = c === chunks.length - 1;
    const ok = await cache.transaction('rw', tables, async () => {
      const pos = await readPositionIn(cache, stream);
      const current = pos.staging ? (pos.staging.cursor ?? undefined) : pos.cursor;
      if (c === 0) {
        if (current !== fromCursor) return false;
        expected = { staging: pos.staging !== undefined, cursor: current };
        const startsSnapshot = !pos.staging && (pos.cursor === undefined || page.reset === true);
        const restartsSnapshot = pos.staging !== undefined && page.reset === true;
        if (startsSnapshot || restartsSnapshot) {
          const gen = pos.staging?.gen ?? other(pos.active);
          await clearGeneration(cache, stream, gen);
          const staging: StagingState = { gen, cursor: null, loaded: 0, startedAt: now().toISOString() };
          await cache.meta.put({ key: stagingKey(stream), value: staging });
          pos.staging = staging;
        }
        mode = pos.staging ? 'snapshot' : 'incremental';
        target = { gen: pos.staging?.gen ?? pos.active, catalog: stream === 'catalog' };
      } else if (
        expected === undefined ||
        (pos.staging !== undefined) !== (mode === 'snapshot') ||
        (mode === 'incremental' && current !== expected.cursor)
      ) {
        return false;
      }
      const r = await writeChunk(cache, target!, chunks[c]!, mode === 'incremental');
      written += r.written;
      deleted += r.deleted;
      skipped += r.skipped;
      if (!last) return true;
      if (mode === 'incremental') {
        await cache.meta.put({ key: cursorKey(stream), value: page.nextCursor });
        return true;
      }
      const staging = pos.staging!;
      if (page.hasMore) {
        await cache.meta.put({
          key: stagingKey(stream),
          value: { ...staging, cursor: page.nextCursor, loaded: staging.loaded + page.items.length },
        });
        return true;
      }
      // The switch: small, and all at once.
      await cache.meta.bulkPut([
        { key: generationKey(stream), value: staging.gen },
        { key: cursorKey(stream), value: page.nextCursor },
      ]);
      await cache.meta.delete(stagingKey(stream));
      switched = true;
      return true;
    });
    if (!ok) return { applied: false, reason: 'stale' };
    if (!last) await pause();
  }
  if (switched) {
    await pause();
    // The generation just left is nobody's now; empty it so the next snapshot starts clean.
    const retired = other(await cache.transaction('r', cache.meta, () => activeGeneration(cache, stream)));
    await cache.transaction('rw', tables, () => clearGeneration(cache, stream, retired));
  }
  return { applied: true, mode, written, deleted, skipped, switched };
}

async function readPositionIn(cache: CacheDb, stream: Stream): Promise<PullPosition> {
  const [gen, cursor, staging] = await cache.meta.bulkGet([
    generationKey(stream),
    cursorKey(stream),
    stagingKey(stream),
  ]);
  return {
    active: gen?.value === 'b' ? 'b' : 'a',
    cursor: typeof cursor?.value === 'string' ? cursor.value : undefined,
    staging: staging?.value as StagingState | undefined,
  };
}

/** Forgets a stream's position (an invalid cursor): the next pull starts a snapshot. Shown data stays. */
export async function forgetCursor(cache: CacheDb, stream: Stream): Promise<void> {
  await cache.transaction('rw', cache.meta, async () => {
    await cache.meta.bulkDelete([cursorKey(stream), stagingKey(stream)]);
  });
}

export interface StreamProgress {
  stream: Stream;
  mode: 'incremental' | 'snapshot';
  /** Items received in this pull (this call), and loaded into the snapshot so far when one is loading. */
  done: number;
  /** Estimated items in the whole snapshot, when known. */
  total: number | undefined;
  elapsedMs: number;
}

export interface PullStreamOptions extends ApplyOptions {
  limit?: number;
  epoch?: number;
  /** Bound on pages per call; the runner calls again in its next cycle. */
  maxPages?: number;
  onPage?: (page: PullResponse, outcome: ApplyOutcome) => Promise<void> | void;
  onProgress?: (p: StreamProgress) => void;
  /** Estimated size of a snapshot, for progress (e.g. the products of the current generation). */
  estimateTotal?: () => Promise<number | undefined>;
  clockMs?: () => number;
}

export type PullStreamResult =
  | { ok: true; pages: number; items: number; caughtUp: boolean; switched: boolean }
  | { ok: false; failure: CrmFailure; pages: number; items: number };

/**
 * Pulls `stream` until caught up (or maxPages). The next page is requested while the current one is being
 * written, so the network and IndexedDB work at the same time.
 */
export async function pullStream(
  client: CrmClient,
  cache: CacheDb,
  stream: Stream,
  opts: PullStreamOptions = {},
): Promise<PullStreamResult> {
  const clockMs = opts.clockMs ?? (() => Date.now());
  const started = clockMs();
  const maxPages = opts.maxPages ?? 10_000;
  const query = (cursor: string | undefined): PullQuery => ({
    stream,
    ...(cursor !== undefined ? { cursor } : {}),
    ...(opts.limit !== undefined ? { limit: opts.limit } : {}),
    ...(opts.epoch !== undefined ? { epoch: opts.epoch } : {}),
  });
  let position = await readPullPosition(cache, stream);
  let from = requestCursor(position);
  let total: number | undefined;
  let pages = 0;
  let items = 0;
  let switched = false;
  let next = client.pull(query(from));
  while (pages < maxPages) {
    const answer = await next;
    if (!answer.ok) return { ok: false, failure: answer.failure, pages, items };
    const page = answer.value;
    pages++;
    // Optimistic prefetch: used only if this page is applied and moves the cursor there.
    const prefetch = page.hasMore ? client.pull(query(page.nextCursor)) : undefined;
    prefetch?.catch(() => undefined);
    const snapshotStarting = !position.staging && (position.cursor === undefined || page.reset === true);
    if (snapshotStarting && total === undefined) total = page.remaining ?? (await opts.estimateTotal?.());
    const outcome = await applyPullPage(cache, stream, from, page, opts);
    await opts.onPage?.(page, outcome);
    if (!outcome.applied) {
      // Someone else moved the position (or the page was stale): start again from what the cache holds.
      position = await readPullPosition(cache, stream);
      from = requestCursor(position);
      next = client.pull(query(from));
      continue;
    }
    items += page.items.length;
    switched ||= outcome.switched;
    if (outcome.mode === 'snapshot' || outcome.switched) {
      const staging = outcome.switched ? undefined : (await readPullPosition(cache, stream)).staging;
      opts.onProgress?.({
        stream,
        mode: 'snapshot',
        done: outcome.switched ? items : (staging?.loaded ?? items),
        total,
        elapsedMs: clockMs() - started,
      });
    }
    if (!page.hasMore) return { ok: true, pages, items, caughtUp: true, switched };
    position = await readPullPosition(cache, stream);
    from = page.nextCursor;
    next = prefetch!;
  }
  return { ok: true, pages, items, caughtUp: false, switched };
}
