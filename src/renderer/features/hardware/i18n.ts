// The hardware feature's texts, zh-CN first; merged under the 'hardware' key (t('hardware.…')) by src/renderer/i18n/index.ts.
export const zhCN = {};

export const en: typeof zhCN = {};
