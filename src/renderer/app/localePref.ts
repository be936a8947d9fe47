/** localStorage key of the cashier's language choice. */
export const LOCALE_KEY = 'pos.locale';
