// The pickup counter's actions: verify a scanned QR or a typed code, check the goods by scanning, record a
// proxy collector, hand over (ledger + outbox in one transaction, then the slip), and the pickup queue.
import { classifyScan } from '../../../domain/codes';
import {
  DEFAULT_OFFLINE_APPROVAL_THRESHOLD_FEN,
  itemCheckTotals,
  needsOfflineApproval,
  parseCollector,
  scanCheckItem,
  startItemCheck,
  type ItemCheck,
} from '../../../domain/pickup';
import { buildPickupSlip } from '../../../hardware/core/receipt/pickupSlip';
import type { PickupOrder } from '../../../shared/crm';
import {
  commitHandover,
  commitReadyMark,
  listLocalHandovers,
  markPickupsSeen,
  countUnseenPickups,
  pickupCrm,
  readCachedPickups,
  readyMarksByOrder,
  verifyPickup,
  withLocalReady,
  type PickupInput,
  type VerifyDeps,
} from '../../../offline/pickup';
import { memberCrm, publicKeysOf, readMemberConfig, saveMemberConfig } from '../../../offline/members';
import type { AppThunk, RootState } from '../../app/store';
import type { Extra } from '../../app/services';
import { msg } from '../../app/uiMessage';
import { screenShown } from '../../app/uiSlice';
import { maskName } from '../session/mask';
import { refreshSyncStatus } from '../sync/refreshSyncStatus';
import { requestApproval } from '../staff/approval';
import {
  handoverBlocked,
  handoverDone,
  handoverSaving,
  itemChecked,
  itemCheckToggled,
  orderFound,
  pickupCleared,
  queueLoaded,
  queueMarking,
  queueNote,
  slipPrinted,
  verifyRefused,
  verifyStarted,
  type QueueOrder,
} from './pickupSlice';

export const PICKUP_VERIFY_SCREEN = 'pickup:verify';
export const PICKUP_QUEUE_SCREEN = 'pickup:queue';
/** Refresh the CRM's QR keys at most this often while online. */
const KEYS_REFRESH_MS = 5 * 60_000;

/** Online means the sync runner reached the CRM lately (a probe, not navigator.onLine). */
function crmOnline(s: RootState, extra: Extra): boolean {
  return Boolean(extra.services.get().sync) && s.sync.crm && s.sync.online;
}

function log(extra: Extra, level: 'info' | 'warn' | 'error', m: string, data: Record<string, unknown>): void {
  extra.services.get().platform.log({ level, msg: m, data: { feature: 'pickup', ...data } });
}

function verifyDeps(s: RootState, extra: Extra): VerifyDeps {
  const svc = extra.services.get();
  return {
    cache: svc.cache,
    ledger: svc.ledger,
    crm: svc.sync ? pickupCrm(svc.sync.client) : null,
    online: crmOnline(s, extra),
    storeId: svc.identity.storeId,
    now: () => extra.now(),
    publicKeys: async () => {
      const c = await readMemberConfig(svc.cache);
      return c ? publicKeysOf(c.config) : {};
    },
    log: (level, m, data) => log(extra, level, m, data),
  };
}

/**
 * The CRM's QR keys travel with the membership config (crm/routes/members.ts, docs/decisions/0030): fetched
 * when online and older than a few minutes, so an offline till can still check pickup QR codes.
 */
export const refreshQrKeys = (): AppThunk<Promise<void>> => async (_dispatch, getState, extra) => {
  if (!extra.services.ready || !crmOnline(getState(), extra)) return;
  const svc = extra.services.get();
  const cached = await readMemberConfig(svc.cache);
  if (cached && extra.now().getTime() - Date.parse(cached.fetchedAt) < KEYS_REFRESH_MS) return;
  const r = await memberCrm(svc.sync!.client).config();
  if (r.ok) await saveMemberConfig(svc.cache, r.value, extra.now());
  else log(extra, 'warn', 'pickup: could not refresh the CRM keys', { code: r.failure.code });
};

/** F9 from the sale screen, or the PDA's pickup tab. */
export const openPickup =
  (screen: 'verify' | 'queue' = 'verify'): AppThunk =>
  (dispatch) => {
    dispatch(pickupCleared());
    dispatch(screenShown(screen === 'verify' ? PICKUP_VERIFY_SCREEN : PICKUP_QUEUE_SCREEN));
    void dispatch(refreshQrKeys());
  };

/** A typed code or a scanned QR: classified for the pickup screen, then verified (online first). */
export const verifyPickupInput =
  (raw: string): AppThunk<Promise<void>> =>
  async (dispatch, getState, extra) => {
    const scan = classifyScan(raw, 'pickup');
    if (scan.kind === 'invalid') {
      if (scan.reason === 'empty') return;
      dispatch(
        verifyRefused({
          reason: scan.reason === 'checkDigit' ? 'badCode' : 'notAPickupCode',
          code: scan.raw.slice(0, 40),
        }),
      );
      return;
    }
    const input: PickupInput =
      scan.kind === 'pickupToken'
        ? { kind: 'token', token: scan.token }
        : { kind: 'code', code: (scan as { code: string }).code };
    dispatch(verifyStarted());
    const deps = verifyDeps(getState(), extra);
    try {
      const v = await verifyPickup(deps, input);
      log(extra, 'info', 'pickup verified', {
        input: input.kind,
        ok: v.ok,
        source: v.source,
        ...(v.ok ? { orderId: v.order.id } : { reason: v.reason }),
      });
      if (v.ok) {
        dispatch(orderFound({ order: v.order, source: v.source, verifiedBy: v.verifiedBy }));
        return;
      }
      dispatch(
        verifyRefused({
          reason: v.reason,
          offline: v.source === 'cache',
          ...(input.kind === 'code' ? { code: input.code } : {}),
          ...(v.order ? { state: v.order.state } : {}),
          ...(v.order?.pickupBy ? { pickupBy: v.order.pickupBy } : {}),
          ...(v.storeId ? { storeId: v.storeId } : {}),
          ...(v.handover ? { handover: v.handover } : {}),
        }),
      );
    } catch (e) {
      log(extra, 'error', 'pickup verify failed', { error: String(e) });
      dispatch(verifyRefused({ reason: 'unknownCode', offline: true }));
    }
  };

/** The barcodes of an order line, else the catalog's product for a scanned barcode. */
async function productIdForScan(
  order: PickupOrder,
  raw: string,
  extra: Extra,
): Promise<{ productId?: string; code: string }> {
  const scan = classifyScan(raw, 'sale');
  const code = scan.kind === 'product' ? scan.gtin : raw.trim();
  const byLine = order.lines.find(
    (l) => l.barcode !== undefined && (l.barcode === code || l.barcode === raw.trim()),
  );
  if (byLine) return { productId: byLine.productId, code };
  if (scan.kind !== 'product') return { code };
  const product = await extra.services.get().catalog.findByCode(scan.gtin);
  return product ? { productId: product.id, code } : { code };
}

export const toggleItemCheck = (): AppThunk => (dispatch, getState) => {
  const { order, check, phase } = getState().pickup;
  if (!order || phase !== 'found') return;
  dispatch(itemCheckToggled(check ? null : startItemCheck(order.lines)));
};

/** One scanned item of the shown order: counts up its line, or warns (wrong item, one too many). */
export const checkPickupItem =
  (raw: string): AppThunk<Promise<void>> =>
  async (dispatch, getState, extra) => {
    const { order } = getState().pickup;
    if (!order) return;
    let check: ItemCheck = getState().pickup.check ?? startItemCheck(order.lines);
    const { productId, code } = await productIdForScan(order, raw, extra);
    const r = scanCheckItem(check, productId);
    check = r.check;
    if (r.kind === 'counted') {
      const line = check.lines[r.index]!;
      const complete = itemCheckTotals(check).complete;
      dispatch(
        itemChecked({
          check,
          tone: 'ok',
          message: complete ? msg('pickup.check.complete') : msg('pickup.check.counted', { name: line.name }),
        }),
      );
    } else if (r.kind === 'tooMany') {
      const line = check.lines[r.index]!;
      dispatch(
        itemChecked({
          check,
          tone: 'warn',
          message: msg('pickup.check.tooMany', { name: line.name, qty: line.qty }),
        }),
      );
    } else {
      dispatch(
        itemChecked({
          check,
          tone: 'warn',
          message: msg('pickup.check.wrongItem', { code: code.slice(0, 40) }),
        }),
      );
    }
  };

/**
 * Every scan while a pickup screen shows: a pickup QR or code verifies (a new customer); anything else while
 * an order is shown is an item being checked.
 */
export const pickupScanned =
  (raw: string): AppThunk<Promise<void>> =>
  async (dispatch, getState) => {
    const s = getState();
    if (s.ui.screen === PICKUP_QUEUE_SCREEN) dispatch(screenShown(PICKUP_VERIFY_SCREEN));
    const asPickup = classifyScan(raw, 'pickup');
    const isPickup = asPickup.kind === 'pickupToken' || asPickup.kind === 'pickupCode';
    if (!isPickup && s.pickup.order && s.pickup.phase === 'found') {
      await dispatch(checkPickupItem(raw));
      return;
    }
    if (s.pickup.phase === 'saving' || s.pickup.phase === 'checking') return;
    await dispatch(verifyPickupInput(raw));
  };

export const confirmHandover = (): AppThunk<Promise<void>> => async (dispatch, getState, extra) => {
  const s = getState();
  const p = s.pickup;
  if (p.phase !== 'found' || !p.order) return;
  const order = p.order;
  const staffId = s.session.cashierId;
  if (!staffId) {
    dispatch(handoverBlocked({ error: msg('pickup.error.noStaff') }));
    return;
  }
  const collector = parseCollector({ proxy: p.proxy.enabled, name: p.proxy.name, idLast4: p.proxy.idLast4 });
  if (!collector.ok) {
    dispatch(handoverBlocked({ error: msg(`pickup.proxy.error.${collector.problem}`) }));
    return;
  }
  const totals = p.check ? itemCheckTotals(p.check) : undefined;
  if (totals && !totals.complete && !p.confirmIncomplete) {
    dispatch(
      handoverBlocked({
        error: msg('pickup.check.incomplete', { n: totals.expected - totals.scanned }),
        confirmIncomplete: true,
      }),
    );
    return;
  }
  const offline = p.source !== 'crm';
  let approvedBy: string | undefined;
  if (needsOfflineApproval(order.totalFen, !offline, DEFAULT_OFFLINE_APPROVAL_THRESHOLD_FEN)) {
    const approval = await dispatch(
      requestApproval({
        action: 'offlinePickupOverThreshold',
        detail: { orderId: order.id, code: order.code, totalFen: order.totalFen },
        reasonKey: 'pickup.approval.needed',
      }),
    );
    if (!approval) {
      dispatch(handoverBlocked({ error: msg('pickup.approval.refused') }));
      return;
    }
    approvedBy = approval.approverId;
  }
  dispatch(handoverSaving());
  const svc = extra.services.get();
  const id = extra.newId();
  let commit;
  try {
    commit = await commitHandover(
      svc.ledger,
      {
        id,
        pickupOrderId: order.id,
        code: order.code,
        staffId,
        staffName: s.session.cashierName,
        verifiedBy: p.verifiedBy ?? 'typed',
        offline,
        collector: collector.collector,
        ...(totals ? { itemCheck: { scanned: totals.scanned, expected: totals.expected } } : {}),
        ...(approvedBy ? { approvedBy } : {}),
        totalFen: order.totalFen,
        order,
      },
      { now: () => extra.now() },
    );
  } catch (e) {
    log(extra, 'error', 'pickup handover not saved', { orderId: order.id, error: String(e) });
    dispatch(handoverBlocked({ error: msg('pickup.error.saveFailed', { detail: String(e).slice(0, 120) }) }));
    return;
  }
  if (!commit.ok) {
    const h = commit.handover;
    dispatch(
      verifyRefused({
        reason: 'alreadyHandedOver',
        code: order.code,
        handover: {
          at: h.handedOverAt,
          storeId: h.storeId,
          terminalId: h.terminalId,
          staffId: h.staffId,
          staffName: h.staffName,
          local: true,
        },
      }),
    );
    return;
  }
  const row = commit.row;
  log(extra, 'info', 'pickup handed over', { orderId: order.id, handoverId: row.id, seq: row.seq, offline });
  svc.sync?.runner.wake();
  void dispatch(refreshSyncStatus());
  const slip = slipFor(row, getState(), extra, false);
  dispatch(
    handoverDone({
      handoverId: row.id,
      code: row.code,
      at: row.handedOverAt,
      offline,
      collector: row.collector,
      print: 'printing',
      slip,
    }),
  );
  await dispatch(printSlip(slip));
};

function slipFor(
  row: Awaited<ReturnType<typeof listLocalHandovers>>[number],
  s: RootState,
  extra: Extra,
  reprint: boolean,
) {
  const svc = extra.services.get();
  return buildPickupSlip(
    {
      orderId: row.order.id,
      code: row.code,
      customerNameMasked: row.order.customerNameMasked,
      phoneMasked: row.order.phoneMasked,
      channel: row.order.channel,
      lines: row.order.lines,
      totalFen: row.totalFen,
      handedOverAt: row.handedOverAt,
      storeId: row.storeId,
      terminalId: row.terminalId,
      staffName: maskName(row.staffName),
      collector: row.collector,
      ...(row.itemCheck ? { itemCheck: row.itemCheck } : {}),
      offline: row.offline,
      ...(row.approvedBy ? { approvedBy: row.approvedBy } : {}),
    },
    {
      storeName: s.settings.storeName,
      locale: s.settings.locale,
      width: svc.config.printer.paperWidth,
      timeZone: svc.identity.timeZone,
      reprint,
    },
  );
}

/** Prints after the commit; a printer problem is shown but never undoes the handover. */
const printSlip =
  (slip: ReturnType<typeof buildPickupSlip>): AppThunk<Promise<void>> =>
  async (dispatch, _getState, extra) => {
    const { platform } = extra.services.get();
    try {
      const r = await platform.printReceipt({ jobId: extra.newId(), kind: 'slip', doc: slip });
      if (!r.ok) dispatch(slipPrinted({ print: 'failed', error: r.message, slip }));
      else dispatch(slipPrinted({ print: r.value.duplicate ? 'duplicate' : 'printed', slip }));
    } catch (e) {
      dispatch(slipPrinted({ print: 'failed', error: String(e), slip }));
    }
  };

export const reprintSlip = (): AppThunk<Promise<void>> => async (dispatch, getState, extra) => {
  const done = getState().pickup.done;
  if (!done) return;
  const row = (await listLocalHandovers(extra.services.get().ledger)).find((h) => h.id === done.handoverId);
  if (!row) return;
  dispatch(slipPrinted({ print: 'printing' }));
  await dispatch(printSlip(slipFor(row, getState(), extra, true)));
};

const ACTIVE = new Set(['paid', 'preparing', 'ready']);

/** The store's open orders from the cache, with this till's ready marks and handovers laid over them. */
export const loadPickupQueue = (): AppThunk<Promise<void>> => async (dispatch, _getState, extra) => {
  if (!extra.services.ready) return;
  const svc = extra.services.get();
  const [{ orders, unreadable }, marks, handovers] = await Promise.all([
    readCachedPickups(svc.cache),
    readyMarksByOrder(svc.ledger),
    listLocalHandovers(svc.ledger),
  ]);
  if (unreadable.length > 0)
    log(extra, 'warn', 'pickup: cached orders do not parse', { ids: unreadable.slice(0, 20) });
  const gone = new Set(handovers.map((h) => h.pickupOrderId));
  const now = extra.now();
  const open = orders
    .filter((o) => o.storeId === svc.identity.storeId && ACTIVE.has(o.state) && !gone.has(o.id))
    .map((o) => withLocalReady(o, marks.get(o.id)))
    .filter((o) => !(o.state === 'ready' && o.pickupBy && Date.parse(o.pickupBy) < now.getTime()))
    .sort((a, b) => a.orderedAt.localeCompare(b.orderedAt) || a.id.localeCompare(b.id));
  const seenFlags = await svc.cache.pickupSeen.bulkGet(open.map((o) => o.id));
  const list: QueueOrder[] = open.map((order, i) => ({
    order,
    markedLocal: marks.has(order.id) && orders.find((o) => o.id === order.id)?.state !== 'ready',
    isNew: !seenFlags[i],
  }));
  dispatch(
    queueLoaded({
      orders: list,
      newCount: await countUnseenPickups(
        svc.cache,
        open.map((o) => o.id),
      ),
      unreadable: unreadable.length,
      loadedAt: now.toISOString(),
    }),
  );
};

/** Staff saw the new orders: they stop being marked new. */
export const ackNewPickups = (): AppThunk<Promise<void>> => async (dispatch, getState, extra) => {
  const ids = getState().pickup.queue.orders.map((q) => q.order.id);
  await markPickupsSeen(extra.services.get().cache, ids, extra.now());
  await dispatch(loadPickupQueue());
};

/** The goods are in the pickup area: a 'pickup.readied' mutation through the outbox. */
export const markPickupReady =
  (order: PickupOrder, location?: string): AppThunk<Promise<void>> =>
  async (dispatch, getState, extra) => {
    const staffId = getState().session.cashierId;
    if (!staffId) {
      dispatch(queueNote(msg('pickup.error.noStaff')));
      return;
    }
    dispatch(queueMarking(order.id));
    const svc = extra.services.get();
    try {
      const loc = location?.trim().slice(0, 32);
      await commitReadyMark(
        svc.ledger,
        {
          id: extra.newId(),
          pickupOrderId: order.id,
          code: order.code,
          staffId,
          ...(loc ? { location: loc } : {}),
        },
        { now: () => extra.now() },
      );
      await markPickupsSeen(svc.cache, [order.id], extra.now());
      dispatch(queueNote(msg('pickup.queue.marked', { code: order.code })));
      svc.sync?.runner.wake();
      void dispatch(refreshSyncStatus());
    } catch (e) {
      log(extra, 'error', 'pickup ready mark not saved', { orderId: order.id, error: String(e) });
      dispatch(queueNote(msg('pickup.error.saveFailed', { detail: String(e).slice(0, 120) })));
    } finally {
      dispatch(queueMarking(null));
      await dispatch(loadPickupQueue());
    }
  };
