// zh-CN is the till's language; English is one switch away. Both dictionaries carry every key (a unit test
// checks), so no screen ever shows a raw key.
import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { zhCN } from './zh-CN';
import { en } from './en';
import { featuresEn, featuresZhCN } from './features';

export const SUPPORTED_LOCALES = ['zh-CN', 'en'] as const;
export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number];

export const resources = {
  'zh-CN': { translation: { ...zhCN, ...featuresZhCN } },
  en: { translation: { ...en, ...featuresEn } },
} as const;

export async function createI18n(locale: SupportedLocale = 'zh-CN'): Promise<I18n> {
  const instance = i18next.createInstance();
  await instance.use(initReactI18next).init({
    resources,
    lng: locale,
    fallbackLng: 'zh-CN',
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
  return instance;
}
