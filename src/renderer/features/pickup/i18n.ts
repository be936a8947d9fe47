// The pickup feature's texts, zh-CN first; merged under the 'pickup' key (t('pickup.…')) by src/renderer/i18n/index.ts.
export const zhCN = {};

export const en: typeof zhCN = {};
