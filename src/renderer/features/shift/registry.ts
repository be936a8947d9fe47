// What the shift feature plugs into the till: dialogs and screens by name, and sale-screen keys.
import type { FeatureRegistry } from '../../app/featureRegistry';

export const shiftFeature: FeatureRegistry = { dialogs: {}, screens: {}, keys: [] };
