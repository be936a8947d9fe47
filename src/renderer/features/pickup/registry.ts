// What the pickup feature plugs into the till: F9 opens pickup verification (F9 again: the pickup queue).
import type { FeatureRegistry } from '../../app/featureRegistry';
import { openPickup, PickupQueueScreen, PickupVerifyScreen } from './PickupScreens';

export const pickupFeature: FeatureRegistry = {
  dialogs: {},
  screens: { 'pickup:verify': PickupVerifyScreen, 'pickup:queue': PickupQueueScreen },
  keys: [{ key: 'F9', run: (store) => void store.dispatch(openPickup('verify')) }],
};
