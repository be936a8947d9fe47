// The pda feature's texts, zh-CN first; merged under the 'pda' key (t('pda.…')) by src/renderer/i18n/index.ts.
export const zhCN = {};

export const en: typeof zhCN = {};
