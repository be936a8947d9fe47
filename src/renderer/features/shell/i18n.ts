// The shell feature's texts, zh-CN first; merged under the 'shell' key (t('shell.…')) by src/renderer/i18n/index.ts.
export const zhCN = {};

export const en: typeof zhCN = {};
