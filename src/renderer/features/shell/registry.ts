// What the shell feature plugs into the till: the terminal config screen (opened from settings, behind a
// manager's approval).
import type { FeatureRegistry } from '../../app/featureRegistry';
import { ConfigScreen } from './ConfigScreen';
import { CONFIG_SCREEN } from './configThunks';

export const shellFeature: FeatureRegistry = {
  dialogs: {},
  screens: { [CONFIG_SCREEN]: ConfigScreen },
  keys: [],
};
