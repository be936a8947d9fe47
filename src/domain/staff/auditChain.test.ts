import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '../hash';
import {
  AUDIT_GENESIS_HASH,
  auditEntryHash,
  chainEntry,
  checkNextEntry,
  verifyAuditChain,
  type AuditEntry,
} from './auditChain';

const CHAIN = '019a0000-0000-7000-8000-000000000001';

function build(n: number, detail: (i: number) => AuditEntry['detail'] = (i) => ({ n: i })): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (let i = 0; i < n; i++) {
    const prev = out.at(-1);
    out.push(
      chainEntry(prev ? { chainId: CHAIN, index: prev.index, hash: prev.hash } : null, {
        chainId: CHAIN,
        entryId: `entry-${i}`,
        action: i % 2 ? 'approval.granted' : 'staff.login',
        actorId: 'E1002',
        ...(i % 2 ? { approvedBy: 'E1001' } : {}),
        detail: detail(i),
        at: new Date(Date.UTC(2026, 2, 2, 8, 0, i)).toISOString(),
      }),
    );
  }
  return out;
}

describe('audit chain', () => {
  it('hashes sha256(canonical({prevHash, entry})) and starts from the genesis hash', () => {
    const [first, second] = build(2);
    expect(first!.prevHash).toBe(AUDIT_GENESIS_HASH);
    expect(first!.index).toBe(0);
    const { prevHash: _p, hash: _h, ...body } = first!;
    expect(first!.hash).toBe(sha256Hex(canonicalJson({ prevHash: AUDIT_GENESIS_HASH, entry: body })));
    expect(second!.prevHash).toBe(first!.hash);
    expect(second!.index).toBe(1);
    expect(verifyAuditChain(build(20))).toEqual({ ok: true, breaks: [] });
  });

  it('a JSON round trip (the CRM receiving it) keeps every hash', () => {
    const entries = build(5, (i) => ({
      reason: `原因 ${i}`,
      amountFen: i * 100,
      ok: i % 2 === 0,
      none: null,
    }));
    const back = JSON.parse(JSON.stringify(entries)) as AuditEntry[];
    expect(verifyAuditChain(back).ok).toBe(true);
  });

  it('names the entry where an edit, a removal, a swap or a bad start breaks it', () => {
    const edited = build(6);
    edited[3] = { ...edited[3]!, actorId: 'E1003' };
    expect(verifyAuditChain(edited).breaks).toEqual([
      { index: 3, entryId: 'entry-3', reason: 'hashMismatch' },
    ]);

    const rehashed = build(6);
    const forged = { ...rehashed[3]!, detail: { n: 99 } };
    rehashed[3] = { ...forged, hash: auditEntryHash(forged.prevHash, forged) };
    // A forger who rehashes the edited entry still breaks the link to the next one.
    expect(verifyAuditChain(rehashed).breaks).toEqual([
      { index: 4, entryId: 'entry-4', reason: 'prevHashMismatch' },
    ]);

    const removed = build(6);
    removed.splice(2, 1);
    expect(verifyAuditChain(removed).breaks).toEqual([{ index: 3, entryId: 'entry-3', reason: 'indexGap' }]);

    const swapped = build(6);
    [swapped[1], swapped[2]] = [swapped[2]!, swapped[1]!];
    expect(verifyAuditChain(swapped).ok).toBe(false);

    expect(verifyAuditChain(build(6).slice(2)).breaks[0]).toMatchObject({ index: 2, reason: 'badStart' });
  });

  it('checkNextEntry: a head and the entry that may follow it', () => {
    const [a, b] = build(2);
    expect(checkNextEntry(null, a!)).toBeNull();
    expect(checkNextEntry({ chainId: CHAIN, index: 0, hash: a!.hash }, b!)).toBeNull();
    expect(checkNextEntry(null, b!)).toBe('badStart');
    expect(checkNextEntry({ chainId: CHAIN, index: 0, hash: 'f'.repeat(64) }, b!)).toBe('prevHashMismatch');
  });

  it('property: any single change to any entry is found, at that entry or the next', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 12 }),
        fc.nat(),
        fc.constantFrom('actorId', 'action', 'at', 'detail', 'index', 'prevHash', 'hash', 'approvedBy'),
        fc.string({ minLength: 1, maxLength: 8 }),
        (n, pick, field, value) => {
          const entries = build(n);
          const i = pick % n;
          const e = entries[i]!;
          const changed: AuditEntry =
            field === 'index'
              ? { ...e, index: e.index + 1 + (value.length % 3) }
              : field === 'detail'
                ? { ...e, detail: { ...e.detail, extra: value } }
                : field === 'prevHash' || field === 'hash'
                  ? { ...e, [field]: sha256Hex(value + e[field]) }
                  : { ...e, [field]: `${String(e[field] ?? '')}${value}` };
          entries[i] = changed;
          const { ok, breaks } = verifyAuditChain(entries);
          expect(ok).toBe(false);
          expect([i, i + 1]).toContain(
            entries.indexOf(entries.find((x) => x.entryId === breaks[0]!.entryId)!),
          );
        },
      ),
    );
  });
});
