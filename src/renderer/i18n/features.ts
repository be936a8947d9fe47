// Each feature keeps its own dictionary next to its views, so features grow without touching one big file.
import * as camera from '../features/camera/i18n';
import * as cartAdjust from '../features/cart/i18n';
import * as hardware from '../features/hardware/i18n';
import * as member from '../features/member/i18n';
import * as pda from '../features/pda/i18n';
import * as pickup from '../features/pickup/i18n';
import * as shell from '../features/shell/i18n';
import * as shift from '../features/shift/i18n';
import * as staff from '../features/staff/i18n';
import * as syncQueue from '../features/sync/i18n';

export const featuresZhCN = {
  member: member.zhCN,
  pickup: pickup.zhCN,
  shift: shift.zhCN,
  staff: staff.zhCN,
  hardware: hardware.zhCN,
  pda: pda.zhCN,
  shell: shell.zhCN,
  camera: camera.zhCN,
  cartAdjust: cartAdjust.zhCN,
  syncQueue: syncQueue.zhCN,
};

export const featuresEn: typeof featuresZhCN = {
  member: member.en,
  pickup: pickup.en,
  shift: shift.en,
  staff: staff.en,
  hardware: hardware.en,
  pda: pda.en,
  shell: shell.en,
  camera: camera.en,
  cartAdjust: cartAdjust.en,
  syncQueue: syncQueue.en,
};
