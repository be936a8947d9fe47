// The shell's two entries into the renderer: the customer display page (?display=customer) and, on the till,
// the feed that drives it plus the busy report that holds updates back during a sale.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import type { Platform } from '../../../shared/platform';
import type { AppStore } from '../../app/store';
import { createI18n } from '../../i18n';
import { startBusyReporter } from './busyReporter';
import { CustomerDisplay } from './CustomerDisplay';
import { startCustomerDisplayFeed } from './customerDisplayFeed';

export function isCustomerDisplayPage(search: string): boolean {
  return new URLSearchParams(search).get('display') === 'customer';
}

/** The customer window: no store, no database, no till; only the views from the till's channel. */
export async function renderCustomerDisplay(rootEl: HTMLElement): Promise<void> {
  const i18n = await createI18n('zh-CN');
  document.title = '顾客显示 Customer display';
  createRoot(rootEl).render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <CustomerDisplay />
      </I18nextProvider>
    </StrictMode>,
  );
}

/** On the till, once it has booted. */
export function startShell(store: AppStore, platform: Platform): () => void {
  const feed = startCustomerDisplayFeed(store, platform);
  const stopBusy = startBusyReporter(store, platform);
  return () => {
    feed.stop();
    stopBusy();
  };
}
