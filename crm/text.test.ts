import { describe, expect, it } from 'vitest';
import { findBadText, isBadText, repairText } from './text';

describe('text the database cannot hold', () => {
  it('finds NULs and lone surrogates, not paired ones', () => {
    expect(isBadText('a\u0000b')).toBe(true);
    expect(isBadText('\ud800')).toBe(true);
    expect(isBadText('x\udc00')).toBe(true);
    expect(isBadText('\udc00\ud800')).toBe(true);
    expect(isBadText('😀 名字 \ufffd')).toBe(false);
  });

  it('repairs strings and keys into a copy and names the paths', () => {
    const input = {
      sale: { lines: [{ name: '牛\u0000奶' }, { name: 'ok' }], ['k\ud800']: 1 },
      '😀': '\udfff😀',
    };
    const { value, paths } = repairText(input);
    expect(value).toEqual({
      sale: { lines: [{ name: '牛\ufffd奶' }, { name: 'ok' }], 'k\ufffd': 1 },
      '😀': '\ufffd😀',
    });
    expect(paths).toEqual(['sale.lines.0.name', 'sale.k\ufffd', '😀']);
    expect(input.sale.lines[0]!.name).toBe('牛\u0000奶');
    const clean = { a: ['b'] };
    expect(repairText(clean).value).toBe(clean);
  });

  it('keeps a __proto__ key a plain key', () => {
    const parsed = JSON.parse('{"__proto__": {"x\\u0000": 1}}') as object;
    const { value } = repairText(parsed);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value as object)).toEqual(['__proto__']);
  });

  it('skips subtrees it is told to', () => {
    const body = { mutations: [{ payload: { a: '\u0000' }, entityId: '\ud800' }] };
    expect(findBadText(body, 'body', (p) => /^body\.mutations\.\d+\.payload$/.test(p))).toEqual([
      'body.mutations.0.entityId',
    ]);
  });
});
