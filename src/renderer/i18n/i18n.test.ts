import { describe, expect, it } from 'vitest';
import { en } from './en';
import { zhCN } from './zh-CN';
import { createI18n, resources } from './index';

type Tree = { [k: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('translations', () => {
  const zh = flatten(resources['zh-CN'].translation as Tree);
  const enFlat = flatten(resources.en.translation as Tree);

  it('keep feature dictionaries from shadowing the core ones', () => {
    expect(zh.size).toBeGreaterThanOrEqual(flatten(zhCN).size);
    expect(enFlat.size).toBeGreaterThanOrEqual(flatten(en).size);
  });

  it('have the same keys in zh-CN and English', () => {
    expect([...enFlat.keys()].sort()).toEqual([...zh.keys()].sort());
  });

  it('use the same placeholders in both languages and no empty strings', () => {
    for (const [key, text] of zh) {
      expect(text.trim(), key).not.toBe('');
      expect(placeholders(enFlat.get(key) ?? ''), key).toEqual(placeholders(text));
    }
  });

  it('translate the unknown-barcode error with the code and what to do', async () => {
    const i18n = await createI18n('zh-CN');
    expect(i18n.t('scan.error.unknownBarcode', { code: '6901234567892' })).toBe(
      '条码 6901234567892 不在商品库中：按 F3 搜索商品',
    );
    await i18n.changeLanguage('en');
    expect(i18n.t('scan.error.unknownBarcode', { code: '6901234567892' })).toContain('press F3');
  });
});
