// What the shell feature plugs into the till: dialogs and screens by name, and sale-screen keys.
import type { FeatureRegistry } from '../../app/featureRegistry';

export const shellFeature: FeatureRegistry = { dialogs: {}, screens: {}, keys: [] };
