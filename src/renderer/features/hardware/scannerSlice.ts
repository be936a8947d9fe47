// HID scanners as the till sees them: the status bar's dot (polled, cheap) and the settings list (a fresh
// device listing on demand). Reading and opening devices happens in main; a browser till has none.
import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import { z } from 'zod';
import type { HidDeviceId } from '../../../shared/config';
import type { ScannerStatus } from '../../../shared/platform';
import type { Result } from '../../../shared/result';
import type { AppThunk } from '../../app/store';

export interface ScannerProblem {
  /** 'list' | 'choose' | 'status': what failed, for the translated sentence; detail is the code and message. */
  action: 'list' | 'choose' | 'status';
  detail: string;
}

export interface ScannerState {
  status: ScannerStatus | null;
  listing: boolean;
  saving: boolean;
  problem: ScannerProblem | null;
}

const initialState: ScannerState = { status: null, listing: false, saving: false, problem: null };

export const scannerSlice = createSlice({
  name: 'scanner',
  initialState,
  reducers: {
    scannerStatusRead(state, action: PayloadAction<{ status: ScannerStatus; full: boolean }>) {
      const { status, full } = action.payload;
      // The cheap poll lists only the chosen scanners: keep the plugged-in ones a full listing found.
      if (!full && state.status) {
        const others = state.status.devices.filter(
          (d) =>
            !d.chosen &&
            !status.devices.some((c) => c.vendorId === d.vendorId && c.productId === d.productId),
        );
        state.status = { ...status, devices: [...status.devices, ...others] };
      } else {
        state.status = status;
      }
      if (state.problem?.action === 'status' || full) state.problem = null;
    },
    scannerBusy(state, action: PayloadAction<'listing' | 'saving'>) {
      state[action.payload] = true;
    },
    scannerIdle(state) {
      state.listing = false;
      state.saving = false;
    },
    scannerFailed(state, action: PayloadAction<ScannerProblem>) {
      state.problem = action.payload;
    },
  },
});

export const { scannerStatusRead, scannerBusy, scannerIdle, scannerFailed } = scannerSlice.actions;

/** 'VID:PID' as the device manager or lsusb shows it: four hex digits each, e.g. 0c2e:0b07. */
export const VidPidTextSchema = z
  .string()
  .trim()
  .regex(/^[0-9a-fA-F]{4}:[0-9a-fA-F]{4}$/)
  .transform((s): HidDeviceId => {
    const [v, p] = s.split(':');
    return { vendorId: parseInt(v!, 16), productId: parseInt(p!, 16) };
  });

export function formatVidPid(id: HidDeviceId): string {
  const hex = (n: number) => n.toString(16).padStart(4, '0');
  return `${hex(id.vendorId)}:${hex(id.productId)}`;
}

function failedText(r: Extract<Result<unknown>, { ok: false }>): string {
  return `${r.code}: ${r.message}`;
}

/** The status bar's poll: no device listing in main, just the chosen scanners' state. */
export function refreshScannerStatus(): AppThunk<Promise<void>> {
  return async (dispatch, _getState, extra) => {
    if (!extra.services.ready) return;
    const r = await extra.services.get().platform.scannerStatus();
    if (r.ok) dispatch(scannerStatusRead({ status: r.value, full: false }));
    else dispatch(scannerFailed({ action: 'status', detail: failedText(r) }));
  };
}

export function listScanners(): AppThunk<Promise<void>> {
  return async (dispatch, _getState, extra) => {
    if (!extra.services.ready) return;
    dispatch(scannerBusy('listing'));
    try {
      const r = await extra.services.get().platform.listScanners();
      if (r.ok) dispatch(scannerStatusRead({ status: r.value, full: true }));
      else dispatch(scannerFailed({ action: 'list', detail: failedText(r) }));
    } finally {
      dispatch(scannerIdle());
    }
  };
}

/** Saves the set of scanners to read; main writes the config file and connects them. */
export function chooseScanners(ids: HidDeviceId[]): AppThunk<Promise<boolean>> {
  return async (dispatch, _getState, extra) => {
    const { platform } = extra.services.get();
    dispatch(scannerBusy('saving'));
    try {
      const r = await platform.chooseScanners(ids);
      if (r.ok) {
        dispatch(scannerStatusRead({ status: r.value, full: true }));
        return true;
      }
      platform.log({
        level: 'warn',
        msg: 'hid scanner choice refused',
        data: { code: r.code, message: r.message, chosen: ids.map(formatVidPid) },
      });
      dispatch(scannerFailed({ action: 'choose', detail: failedText(r) }));
      return false;
    } finally {
      dispatch(scannerIdle());
    }
  };
}

/** The chosen scanners now, from the last status. */
export function chosenIds(status: ScannerStatus | null): HidDeviceId[] {
  return (status?.devices ?? [])
    .filter((d) => d.chosen)
    .map((d) => ({ vendorId: d.vendorId, productId: d.productId }));
}

/** The status bar's look: warn when a chosen scanner is not reading; the wedge works in every other case. */
export function scannerDot(status: ScannerStatus | null): {
  tone: 'ok' | 'warn';
  state: string;
  label: 'none' | 'connected' | 'searching' | 'unavailable' | 'web';
} {
  if (!status) return { tone: 'ok', state: 'unknown', label: 'none' };
  if (status.support === 'web') return { tone: 'ok', state: 'web', label: 'web' };
  const anyChosen = status.devices.some((d) => d.chosen);
  if (status.state === 'unavailable')
    return {
      tone: anyChosen ? 'warn' : 'ok',
      state: 'unavailable',
      label: anyChosen ? 'unavailable' : 'none',
    };
  if (status.state === 'searching') return { tone: 'warn', state: 'searching', label: 'searching' };
  return { tone: 'ok', state: status.state, label: status.state === 'connected' ? 'connected' : 'none' };
}
