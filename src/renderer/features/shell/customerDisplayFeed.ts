// Publishes the customer's view whenever it changes: on a BroadcastChannel for the customer window (the second
// monitor in Electron, a second tab in a browser), and through the platform to a pole display. A window that
// opens later says hello and gets the current view at once.
import {
  CUSTOMER_DISPLAY_CHANNEL,
  CustomerDisplayMessageSchema,
  type CustomerDisplayMessage,
  type CustomerDisplayView,
} from '../../../shared/customerDisplay';
import type { Platform } from '../../../shared/platform';
import type { AppStore, RootState } from '../../app/store';
import { customerViewOf } from './customerView';

export interface ChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (e: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (e: MessageEvent) => void): void;
  close(): void;
}

export interface CustomerDisplayFeed {
  current(): CustomerDisplayView;
  stop(): void;
}

export function startCustomerDisplayFeed(
  store: Pick<AppStore, 'getState' | 'subscribe'>,
  platform: Pick<Platform, 'showCustomerView' | 'log'>,
  channel: ChannelLike | null = typeof BroadcastChannel === 'function'
    ? new BroadcastChannel(CUSTOMER_DISPLAY_CHANNEL)
    : null,
): CustomerDisplayFeed {
  let seq = 0;
  let inputs: unknown[] = [];
  let key = '';
  let view: CustomerDisplayView = { ...customerViewOf(store.getState()), seq };

  const post = (message: CustomerDisplayMessage) => {
    try {
      channel?.postMessage(message);
    } catch (e) {
      platform.log({ level: 'warn', msg: 'customer display post failed', data: { error: String(e) } });
    }
  };
  const publish = () => {
    post({ type: 'view', view });
    // Pole display: main answers at once and writes in the background; a failure there is main's to log.
    void platform.showCustomerView(view).catch(() => undefined);
  };

  const onState = (s: RootState) => {
    // Most dispatches (sync status, toasts) leave what the customer sees alone: compare the inputs first.
    const next = [
      s.cart,
      s.receipt.sale,
      s.settings.storeName,
      s.settings.locale,
      s.member.attached,
      s.member.receipts,
    ];
    if (next.every((v, i) => v === inputs[i])) return;
    inputs = next;
    const candidate = customerViewOf(s);
    const k = JSON.stringify(candidate);
    if (k === key) return;
    key = k;
    view = { ...candidate, seq: ++seq };
    publish();
  };

  const onMessage = (e: MessageEvent) => {
    const msg = CustomerDisplayMessageSchema.safeParse(e.data);
    if (msg.success && msg.data.type === 'hello') post({ type: 'view', view });
  };
  channel?.addEventListener('message', onMessage);
  const unsubscribe = store.subscribe(() => onState(store.getState()));
  onState(store.getState());

  return {
    current: () => view,
    stop() {
      unsubscribe();
      channel?.removeEventListener('message', onMessage);
      channel?.close();
    },
  };
}
