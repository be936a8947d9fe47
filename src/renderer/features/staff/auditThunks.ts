// The local audit log as the staff menu shows it: the newest entries and whether the whole chain still holds.
import type { AuditEntry } from '../../../domain/staff/auditChain';
import { listAudit, verifyLocalAuditChain } from '../../../offline/staff';
import type { AppThunk } from '../../app/store';

export const readAuditLog =
  (limit: number): AppThunk<Promise<{ entries: AuditEntry[]; ok: boolean; total: number }>> =>
  async (_d, _g, extra) => {
    if (!extra.services.ready) return { entries: [], ok: true, total: 0 };
    const { ledger } = extra.services.get();
    const [entries, chain] = await Promise.all([listAudit(ledger, limit), verifyLocalAuditChain(ledger)]);
    return { entries, ok: chain.ok, total: chain.entries };
  };
