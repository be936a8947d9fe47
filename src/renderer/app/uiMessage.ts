/** A user-visible message kept as an i18n key, so a language switch re-translates what is on screen. */
export interface UiMessage {
  key: string;
  params?: Record<string, string | number>;
}

export const msg = (key: string, params?: Record<string, string | number>): UiMessage =>
  params ? { key, params } : { key };
