import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { UiMessage } from './uiMessage';

export type CoreDialogName = 'help' | 'member' | 'search' | 'qty' | 'tender' | 'voidSale' | 'settings' | 'sync';
/** Core dialogs, or a feature's dialog by its namespaced name (see app/featureRegistry.ts). */
export type DialogName = CoreDialogName | `${string}:${string}`;
/** 'sale' is the till's own screen; others are features' screens ('pickup:queue', 'shift:close'). */
export type ScreenName = 'sale' | `${string}:${string}`;

export interface UiState {
  dialog: DialogName | null;
  screen: ScreenName;
  toast: (UiMessage & { tone: 'error' | 'info'; seq: number }) | null;
  boot: { phase: 'loading' | 'ready' | 'failed'; step: UiMessage; error?: string };
}

const initialState: UiState = {
  dialog: null,
  screen: 'sale',
  toast: null,
  boot: { phase: 'loading', step: { key: 'boot.starting' } },
};

export const uiSlice = createSlice({
  name: 'ui',
  initialState,
  reducers: {
    dialogOpened(state, action: PayloadAction<DialogName>) {
      state.dialog = action.payload;
    },
    dialogClosed(state) {
      state.dialog = null;
    },
    screenShown(state, action: PayloadAction<ScreenName>) {
      state.screen = action.payload;
      state.dialog = null;
    },
    toastShown(state, action: PayloadAction<UiMessage & { tone: 'error' | 'info' }>) {
      state.toast = { ...action.payload, seq: (state.toast?.seq ?? 0) + 1 };
    },
    toastCleared(state) {
      state.toast = null;
    },
    bootStep(state, action: PayloadAction<UiMessage>) {
      state.boot = { phase: 'loading', step: action.payload };
    },
    bootReady(state) {
      state.boot = { phase: 'ready', step: { key: 'boot.ready' } };
    },
    bootFailed(state, action: PayloadAction<string>) {
      state.boot = { phase: 'failed', step: { key: 'boot.failed' }, error: action.payload };
    },
  },
});

export const { dialogOpened, dialogClosed, screenShown, toastShown, toastCleared, bootStep, bootReady, bootFailed } =
  uiSlice.actions;
