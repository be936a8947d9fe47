// What the staff feature plugs into the till: dialogs and screens by name, and sale-screen keys.
import type { FeatureRegistry } from '../../app/featureRegistry';

export const staffFeature: FeatureRegistry = { dialogs: {}, screens: {}, keys: [] };
