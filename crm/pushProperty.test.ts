// Property (issue 15): random well-formed and malformed mutations, pushed in order by one till, never get a 5xx,
// each gets its own answer, and after every push a normal sale at the next seq is applied: the queue never stops.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MUTATION_STATUSES,
  MUTATION_TYPES,
  type MutationTypeName,
  type PushResponse,
} from '../src/shared/crm';
import { cashSale, emptyZ, openAttackWorld, type AttackWorld } from './attackFixture';
import { newId } from './ids';
import { testBackends } from './testSupport';

const BAD_TEXT = ['\u0000', '\ud800', '\udc00', 'a\u0000b', '\udbff\u0000', '名\ud83d', '\ufffd', ''];
const ODD_NUMBERS = [
  2 ** 31,
  2 ** 31 - 1,
  -(2 ** 31) - 1,
  2 ** 53 - 1,
  -(2 ** 53 - 1),
  2 ** 63,
  1e300,
  0.5,
  -1,
];

const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(...BAD_TEXT),
  fc.string({ unit: 'binary', maxLength: 6 }),
);
// Mostly edge values: a random integer rarely lands outside a column.
const num = fc.oneof(
  { arbitrary: fc.constantFrom(...ODD_NUMBERS), weight: 4 },
  { arbitrary: fc.integer(), weight: 1 },
  { arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }), weight: 1 },
);
const key = fc.oneof(
  fc.constantFrom('sale', 'id', 'lines', 'name', 'zNo', 'amountFen', 'x\u0000', '\ud800k'),
  fc.string({ maxLength: 5 }),
);

/** Any JSON value with hostile strings and numbers. */
const json: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    text,
    num,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 4 }),
  ),
})).value;

type Leaf = { path: (string | number)[]; kind: 'string' | 'number' };
function leaves(v: unknown, path: (string | number)[] = []): Leaf[] {
  if (typeof v === 'string') return [{ path, kind: 'string' }];
  if (typeof v === 'number') return [{ path, kind: 'number' }];
  if (Array.isArray(v)) return v.flatMap((x, i) => leaves(x, [...path, i]));
  if (v !== null && typeof v === 'object')
    return Object.entries(v).flatMap(([k, x]) => leaves(x, [...path, k]));
  return [];
}

/** Valid payloads of a few types, for mutation: most random changes keep them close to well-formed. */
function templates(
  w: AttackWorld,
): { type: MutationTypeName; entityId: string; payload: Record<string, unknown> }[] {
  const s = cashSale(w, 'A1');
  const now = new Date().toISOString();
  const shiftId = newId();
  const moveId = newId();
  return [
    { type: 'sale.completed', entityId: s.id, payload: { sale: s, coupons: [] } },
    {
      type: 'shift.closed',
      entityId: shiftId,
      payload: emptyZ(shiftId, { zNo: 1 }),
    },
    {
      type: 'cash.moved',
      entityId: moveId,
      payload: {
        moveId,
        shiftId,
        kind: 'payOut',
        amountFen: 500,
        reason: '买胶带',
        staffId: 'E1002',
        at: now,
      },
    },
  ];
}

const change = fc.record({ pick: fc.nat(), text, num });
const spec = fc.record({
  template: fc.nat(2),
  randomType: fc.constantFrom(...MUTATION_TYPES),
  payload: json,
  mode: fc.constantFrom('template', 'template', 'random'),
  changes: fc.array(change, { minLength: 0, maxLength: 4 }),
  entityIsPayloadId: fc.constantFrom(true, true, true, false),
  /** The shift report's Z number: a safe integer the schema takes, often out of its integer column. */
  zNo: num,
});

describe.each(testBackends())('random pushes never stop a queue, on $name', (backend) => {
  let w: AttackWorld;
  beforeAll(async () => {
    w = await openAttackWorld(backend);
  }, 120_000);
  afterAll(async () => w?.close());

  it('every mutation is answered, never a 5xx, and the next normal sale is applied', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(spec, { minLength: 1, maxLength: 4 }), async (specs) => {
        const mutations = specs.map((sp) => {
          if (sp.mode === 'random') return w.mutation('A1', sp.randomType, newId(), sp.payload);
          const t = templates(w)[sp.template]!;
          const payload = structuredClone(t.payload);
          if (t.type === 'shift.closed') payload.zNo = sp.zNo;
          const ls = leaves(payload);
          for (const c of sp.changes) {
            const leaf = ls[c.pick % ls.length]!;
            let at = payload as Record<string | number, unknown>;
            for (const k of leaf.path.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
            at[leaf.path.at(-1)!] = leaf.kind === 'string' ? c.text : c.num;
          }
          return w.mutation('A1', t.type, sp.entityIsPayloadId ? t.entityId : newId(), payload);
        });
        const res = await w.pushRaw('A1', mutations);
        expect(res.statusCode, res.body).toBe(200);
        const r = res.json<PushResponse>();
        expect(r.results.map((x) => x.seq)).toEqual(mutations.map((m) => m.seq));
        for (const x of r.results) expect(MUTATION_STATUSES).toContain(x.status);
        expect(r.lastAppliedSeq).toBe(w.tills.A1.seq);

        const s = cashSale(w, 'A1');
        const next = await w.push('A1', [w.mutation('A1', 'sale.completed', s.id, { sale: s, coupons: [] })]);
        expect(next.results.map((x) => x.status)).toEqual(['applied']);
      }),
      { numRuns: backend.name === 'pglite' ? 60 : 30 },
    );
  }, 120_000);
});
