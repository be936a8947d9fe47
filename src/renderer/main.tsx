import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Provider } from 'react-redux';
import { I18nextProvider } from 'react-i18next';
import { newId } from '../offline/ids';
import { App } from './app/App';
import { bootTill } from './app/boot';
import { ServicesHolder, type Extra } from './app/services';
import { createAppStore } from './app/store';
import { createI18n } from './i18n';
import { getPlatform } from './platform';
import { isCustomerDisplayPage, renderCustomerDisplay, startShell } from './features/shell/startShell';
import { registerAppShell } from './features/pda/pwa/registerAppShell';
import './styles.css';

async function main(): Promise<void> {
  const customerRoot = document.getElementById('root');
  if (customerRoot && isCustomerDisplayPage(location.search)) return renderCustomerDisplay(customerRoot);
  const extra: Extra = { services: new ServicesHolder(), newId: () => newId(), now: () => new Date() };
  const store = createAppStore(extra);
  const i18n = await createI18n(store.getState().settings.locale);

  // The language follows the settings (config default, then the cashier's switch).
  let locale = store.getState().settings.locale;
  document.documentElement.lang = locale;
  store.subscribe(() => {
    const next = store.getState().settings.locale;
    if (next === locale) return;
    locale = next;
    document.documentElement.lang = next;
    void i18n.changeLanguage(next);
  });

  const rootEl = document.getElementById('root');
  if (!rootEl) throw new Error('index.html has no #root');
  createRoot(rootEl).render(
    <StrictMode>
      <Provider store={store}>
        <I18nextProvider i18n={i18n}>
          <App />
        </I18nextProvider>
      </Provider>
    </StrictMode>,
  );
  const platform = getPlatform();
  await bootTill(store, extra, platform);
  registerAppShell(platform); // the installable web app (browser only): starts with no network
  if (extra.services.ready) startShell(store, platform);
  // Benchmarks only (`npm run bench`): a separate chunk, never fetched by a normal start.
  if (new URLSearchParams(location.search).get('bench') === '1' && extra.services.ready) {
    const { installBenchHandle } = await import('./app/benchHandle');
    installBenchHandle(store, extra);
  }
}

void main();
