// The till's camera button (and its key, Ctrl+K, in registry.ts): for codes the scanner cannot reach, such as a
// member's QR code on a phone held at the counter.
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { useAppDispatch } from '../../app/hooks';
import { dialogOpened } from '../../app/uiSlice';
import { CAMERA_DIALOG } from './cameraThunks';

export const CAMERA_KEY_HINT = 'Ctrl+K';

export function CameraButton() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  return (
    <Button
      keyHint={CAMERA_KEY_HINT}
      onClick={() => dispatch(dialogOpened(CAMERA_DIALOG))}
      data-testid="btn-camera"
    >
      {t('camera.button')}
    </Button>
  );
}
