// The shift feature's texts, zh-CN first; merged under the 'shift' key (t('shift.…')) by src/renderer/i18n/index.ts.
export const zhCN = {};

export const en: typeof zhCN = {};
