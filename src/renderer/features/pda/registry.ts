// What the pda feature plugs into the till: dialogs and screens by name, and sale-screen keys.
import type { FeatureRegistry } from '../../app/featureRegistry';

export const pdaFeature: FeatureRegistry = { dialogs: {}, screens: {}, keys: [] };
