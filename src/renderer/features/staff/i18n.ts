// The staff feature's texts, zh-CN first; merged under the 'staff' key (t('staff.…')) by src/renderer/i18n/index.ts.
export const zhCN = {};

export const en: typeof zhCN = {};
