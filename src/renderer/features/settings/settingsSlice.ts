import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { PrinterStatus } from '../../../shared/platform';

export type Locale = 'zh-CN' | 'en';
export type SimulatorMode = 'success' | 'decline' | 'timeout';

export interface SettingsState {
  locale: Locale;
  /** Result of navigator.storage.persist(): null until asked. */
  persistent: boolean | null;
  simulatorMode: SimulatorMode;
  storeId: string;
  storeName: string;
  terminalId: string;
  /** From the terminal config: a cashier till, or a floor staff handheld (features/pda). */
  mode: 'cashier' | 'pda';
  /** The CRM-issued epoch of this local database, shown for support. */
  epoch: number | null;
  cashRoundingToJiao: boolean;
  paperWidth: 58 | 80;
  /** Last printer status read through the platform. */
  printer: PrinterStatus['state'] | null;
}

const initialState: SettingsState = {
  locale: 'zh-CN',
  persistent: null,
  simulatorMode: 'success',
  storeId: 'S001',
  storeName: '天河店',
  terminalId: 'T03',
  mode: 'cashier',
  epoch: null,
  cashRoundingToJiao: false,
  paperWidth: 80,
  printer: null,
};

export const settingsSlice = createSlice({
  name: 'settings',
  initialState,
  reducers: {
    localeChanged(state, action: PayloadAction<Locale>) {
      state.locale = action.payload;
    },
    simulatorModeChanged(state, action: PayloadAction<SimulatorMode>) {
      state.simulatorMode = action.payload;
    },
    terminalConfigured(
      state,
      action: PayloadAction<Partial<Omit<SettingsState, 'simulatorMode' | 'locale'>> & { locale?: Locale }>,
    ) {
      Object.assign(state, action.payload);
    },
  },
});

export const { localeChanged, simulatorModeChanged, terminalConfigured } = settingsSlice.actions;
