// Features plug dialogs, screens and keys into the till here, so App.tsx and useGlobalKeys need no edit
// per feature. Names are namespaced by feature ('pickup:verify', 'shift:close').
import type { ComponentType } from 'react';
import { cameraFeature } from '../features/camera/registry';
import { cartFeature } from '../features/cart/registry';
import { hardwareFeature } from '../features/hardware/registry';
import { memberFeature } from '../features/member/registry';
import { pdaFeature } from '../features/pda/registry';
import { pickupFeature } from '../features/pickup/registry';
import { shellFeature } from '../features/shell/registry';
import { shiftFeature } from '../features/shift/registry';
import { staffFeature } from '../features/staff/registry';
import type { AppStore } from './store';

export interface FeatureKey {
  /** KeyboardEvent.key, e.g. 'F9'. */
  key: string;
  ctrl?: boolean;
  /** Runs on the sale screen when no dialog is open; return false to let the key fall through. */
  run: (store: AppStore, e: KeyboardEvent) => boolean | void;
}

export interface FeatureRegistry {
  dialogs: Record<string, ComponentType>;
  screens: Record<string, ComponentType>;
  keys: FeatureKey[];
}

const FEATURES: FeatureRegistry[] = [
  memberFeature,
  pickupFeature,
  shiftFeature,
  staffFeature,
  hardwareFeature,
  pdaFeature,
  shellFeature,
  cameraFeature,
  cartFeature,
];

export const FEATURE_DIALOGS: Record<string, ComponentType> = Object.assign(
  {},
  ...FEATURES.map((f) => f.dialogs),
) as Record<string, ComponentType>;

export const FEATURE_SCREENS: Record<string, ComponentType> = Object.assign(
  {},
  ...FEATURES.map((f) => f.screens),
) as Record<string, ComponentType>;

export const FEATURE_KEYS: FeatureKey[] = FEATURES.flatMap((f) => f.keys);
