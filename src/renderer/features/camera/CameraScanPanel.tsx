// The camera's view with an aim box, what the decoder is doing, the torch and cancel. It knows nothing of the
// till: whoever shows it decides what an accepted code does (the till's dialog routes it like a scanner's code;
// the handheld reuses the panel as is). Fits a 360x640 handheld screen.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { CameraError, startCameraScan, type CameraSession } from '../../../hardware/web/camera/cameraScanner';
import type { AcceptedCode, Verdict } from '../../../hardware/web/camera/consensus';
import './camera.css';

interface Props {
  onAccepted(code: AcceptedCode): void;
  onCancel(): void;
  onProblem?(error: CameraError): void;
}

type Phase = 'starting' | 'scanning' | 'failed';

export function CameraScanPanel({ onAccepted, onCancel, onProblem }: Props) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const session = useRef<CameraSession | null>(null);
  const handlers = useRef({ onAccepted, onProblem });
  handlers.current = { onAccepted, onProblem };
  const [phase, setPhase] = useState<Phase>('starting');
  const [verdict, setVerdict] = useState<Verdict['kind']>('nothing');
  const [problem, setProblem] = useState<CameraError | null>(null);
  const [torch, setTorch] = useState<{ available: boolean; on: boolean }>({ available: false, on: false });

  useEffect(() => {
    let cancelled = false;
    const el = video.current;
    if (!el) return;
    startCameraScan(el, {
      onAccepted: (code) => {
        // One code per opening: stop before handing it on, so a second frame cannot add it again.
        session.current?.stop();
        handlers.current.onAccepted(code);
      },
      onVerdict: (v) => setVerdict(v.kind),
      onProblem: (e) => {
        setProblem(e);
        handlers.current.onProblem?.(e);
      },
    }).then(
      (s) => {
        if (cancelled) {
          s.stop();
          return;
        }
        session.current = s;
        setTorch({ available: s.torchAvailable, on: false });
        setPhase('scanning');
      },
      (e: unknown) => {
        if (cancelled) return;
        const err = e instanceof CameraError ? e : new CameraError('failed', String(e));
        setProblem(err);
        setPhase('failed');
        handlers.current.onProblem?.(err);
      },
    );
    return () => {
      cancelled = true;
      session.current?.stop();
      session.current = null;
    };
  }, []);

  const toggleTorch = async () => {
    const s = session.current;
    if (!s) return;
    const on = !torch.on;
    if (await s.setTorch(on)) setTorch({ available: true, on });
  };

  const status =
    phase === 'starting'
      ? t('camera.starting')
      : verdict === 'ambiguous'
        ? t('camera.ambiguous')
        : verdict === 'pending' || verdict === 'accepted'
          ? t('camera.confirming')
          : t('camera.aim');

  return (
    <div className="camera-panel" data-testid="camera-panel" data-phase={phase} data-verdict={verdict}>
      <div className="camera-view">
        <video ref={video} className="camera-video" muted playsInline data-testid="camera-video" />
        {phase !== 'failed' ? <div className="camera-aim" aria-hidden="true" /> : null}
      </div>
      {problem ? (
        <p
          className="banner banner-error camera-problem"
          role="alert"
          data-testid="camera-problem"
          data-problem={problem.problem}
        >
          {t(`camera.problem.${problem.problem}`, { detail: problem.message })}
        </p>
      ) : (
        <p className={`camera-status camera-status-${verdict}`} role="status" data-testid="camera-status">
          {status}
        </p>
      )}
      <div className="camera-actions">
        {torch.available ? (
          <Button onClick={() => void toggleTorch()} aria-pressed={torch.on} data-testid="camera-torch">
            {torch.on ? t('camera.torchOff') : t('camera.torchOn')}
          </Button>
        ) : null}
        <Button keyHint="Esc" onClick={onCancel} data-testid="camera-cancel">
          {t('camera.cancel')}
        </Button>
      </div>
    </div>
  );
}
