// 'camera:scan': the till's camera scan window. An accepted code beeps (and buzzes where the device can), closes
// the window and goes through scanReceived like a scanner's code. Esc or Cancel closes it.
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../components/Dialog';
import { beep } from '../../components/beep';
import { useAppDispatch } from '../../app/hooks';
import { dialogClosed } from '../../app/uiSlice';
import type { AcceptedCode } from '../../../hardware/web/camera/consensus';
import type { CameraError } from '../../../hardware/web/camera/cameraScanner';
import { CameraScanPanel } from './CameraScanPanel';
import { cameraCodeAccepted, cameraFailed } from './cameraThunks';

export function CameraScanDialog() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const close = useCallback(() => dispatch(dialogClosed()), [dispatch]);
  const accepted = useCallback(
    (code: AcceptedCode) => {
      beep('ok');
      globalThis.navigator?.vibrate?.(60);
      dispatch(cameraCodeAccepted(code));
    },
    [dispatch],
  );
  const failed = useCallback((e: CameraError) => dispatch(cameraFailed(e)), [dispatch]);
  return (
    <Dialog title={t('camera.title')} onClose={close} testId="camera-dialog" wide>
      <CameraScanPanel onAccepted={accepted} onCancel={close} onProblem={failed} />
    </Dialog>
  );
}
