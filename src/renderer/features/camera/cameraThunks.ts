// A code the camera accepted goes exactly where a scanner's code goes: scanReceived, then routeScan. The camera
// dialog closes first, so the code is routed as if scanned at the screen underneath.
import type { AcceptedCode } from '../../../hardware/web/camera/consensus';
import type { CameraError } from '../../../hardware/web/camera/cameraScanner';
import type { AppThunk } from '../../app/store';
import { dialogClosed } from '../../app/uiSlice';
import { scanReceived } from '../scan/scanSlice';

export const CAMERA_DIALOG = 'camera:scan';

export const cameraCodeAccepted =
  (code: AcceptedCode): AppThunk =>
  (dispatch, getState, extra) => {
    extra.services.get().platform.log({
      level: 'info',
      msg: 'camera.accepted',
      data: {
        symbology: code.symbology,
        votes: code.votes,
        decoders: code.decoders,
        length: code.text.length,
      },
    });
    if (getState().ui.dialog === CAMERA_DIALOG) dispatch(dialogClosed());
    dispatch(scanReceived({ source: 'camera', code: code.text, symbology: code.symbology, at: Date.now() }));
  };

export const cameraFailed =
  (error: CameraError): AppThunk =>
  (_dispatch, _getState, extra) => {
    extra.services.get().platform.log({
      level: 'warn',
      msg: 'camera.problem',
      data: { problem: error.problem, detail: error.message.slice(0, 300) },
    });
  };
