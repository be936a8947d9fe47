// What the camera feature plugs into the till: the scan window and Ctrl+K to open it from the sale screen.
import type { FeatureRegistry } from '../../app/featureRegistry';
import { dialogOpened } from '../../app/uiSlice';
import { CameraScanDialog } from './CameraScanDialog';
import { CAMERA_DIALOG } from './cameraThunks';

export const cameraFeature: FeatureRegistry = {
  dialogs: { [CAMERA_DIALOG]: CameraScanDialog },
  screens: {},
  keys: [
    {
      key: 'k',
      ctrl: true,
      run: (store) => {
        store.dispatch(dialogOpened(CAMERA_DIALOG));
      },
    },
  ],
};
