// The camera as a scanner: the back camera (getUserMedia, environment facing), frames scaled to at most 640x480
// and sent to the decode worker one at a time (a slow machine skips frames, it never queues them), each answer
// counted by ScanConsensus, an accepted code handed to the page. The torch is offered when the track has one.
import { ScanConsensus, type AcceptedCode, type Verdict } from './consensus';
import { DecodeReplySchema, type DecodeRequest } from './decodeMessages';
import { CAMERA_FRAME } from './stillImage';

export type CameraProblem = 'unsupported' | 'denied' | 'noCamera' | 'failed' | 'decoder';

export class CameraError extends Error {
  constructor(
    readonly problem: CameraProblem,
    detail: string,
  ) {
    super(detail);
    this.name = 'CameraError';
  }
}

export interface CameraScanHandlers {
  onAccepted(code: AcceptedCode): void;
  onVerdict?(verdict: Verdict): void;
  /** The decoder failed after the camera started (the camera keeps running; frames are retried). */
  onProblem?(error: CameraError): void;
}

export interface CameraSession {
  readonly torchAvailable: boolean;
  setTorch(on: boolean): Promise<boolean>;
  stop(): void;
}

/** At most this many frames a second go to the decoder: enough to feel instant, light on a 2-core till. */
const MAX_FPS = 12;

function classify(e: unknown): CameraError {
  const name = e instanceof DOMException || e instanceof Error ? e.name : '';
  const detail = e instanceof Error ? e.message : String(e);
  if (name === 'NotAllowedError' || name === 'SecurityError') return new CameraError('denied', detail);
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError')
    return new CameraError('noCamera', detail);
  return new CameraError('failed', detail);
}

export function createDecodeWorker(): Worker {
  return new Worker(new URL('./decodeWorker.ts', import.meta.url), { type: 'module', name: 'camera-decode' });
}

/** Starts the camera into `video` and decodes until stop(). Throws a CameraError when the camera cannot start. */
export async function startCameraScan(
  video: HTMLVideoElement,
  handlers: CameraScanHandlers,
  opts: { createWorker?: () => Worker; consensus?: ScanConsensus } = {},
): Promise<CameraSession> {
  if (!globalThis.navigator?.mediaDevices?.getUserMedia)
    throw new CameraError(
      'unsupported',
      'this browser has no camera access (getUserMedia; https or localhost needed)',
    );
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      audio: false,
      video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
    });
  } catch (e) {
    throw classify(e);
  }
  const track = stream.getVideoTracks()[0];
  const stopStream = () => stream.getTracks().forEach((t) => t.stop());
  try {
    video.muted = true;
    video.playsInline = true;
    video.srcObject = stream;
    await video.play();
  } catch (e) {
    stopStream();
    throw classify(e);
  }

  const consensus = opts.consensus ?? new ScanConsensus();
  const worker = (opts.createWorker ?? createDecodeWorker)();
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  let stopped = false;
  let busy = false;
  let nextId = 1;
  let lastSent = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;

  worker.onmessage = (e: MessageEvent<unknown>) => {
    const parsed = DecodeReplySchema.safeParse(e.data);
    if (!parsed.success) {
      handlers.onProblem?.(
        new CameraError('decoder', `bad worker reply: ${parsed.error.issues[0]?.message ?? ''}`),
      );
      busy = false;
      return;
    }
    const reply = parsed.data;
    if (reply.kind === 'ready') return;
    busy = false;
    if (stopped) return;
    if (reply.kind === 'error') {
      handlers.onProblem?.(new CameraError('decoder', reply.message));
      return;
    }
    const verdict = consensus.push(reply.reads);
    handlers.onVerdict?.(verdict);
    if (verdict.kind === 'accepted') handlers.onAccepted(verdict.code);
  };
  worker.onerror = (e) => {
    busy = false;
    handlers.onProblem?.(new CameraError('decoder', e.message || 'decode worker failed'));
  };

  const grab = () => {
    timer = null;
    if (stopped) return;
    const now = performance.now();
    if (!busy && ctx && video.videoWidth > 0 && now - lastSent >= 1000 / MAX_FPS) {
      const scale = Math.min(
        1,
        CAMERA_FRAME.width / video.videoWidth,
        CAMERA_FRAME.height / video.videoHeight,
      );
      const w = Math.round(video.videoWidth * scale);
      const h = Math.round(video.videoHeight * scale);
      if (canvas.width !== w || canvas.height !== h) {
        canvas.width = w;
        canvas.height = h;
      }
      ctx.drawImage(video, 0, 0, w, h);
      const frame = ctx.getImageData(0, 0, w, h);
      const request: DecodeRequest = { id: nextId++, frame };
      busy = true;
      lastSent = now;
      worker.postMessage(request, [frame.data.buffer]);
    }
    timer = setTimeout(grab, 1000 / MAX_FPS / 2);
  };
  grab();

  // `torch` is an image-capture extension: in Chromium's capabilities, not in the DOM typings.
  const caps = track?.getCapabilities?.() as (MediaTrackCapabilities & { torch?: boolean }) | undefined;
  const torchAvailable = caps?.torch === true;
  return {
    torchAvailable,
    async setTorch(on: boolean) {
      if (!track || !torchAvailable) return false;
      try {
        await track.applyConstraints({ advanced: [{ torch: on } as MediaTrackConstraintSet] });
        return true;
      } catch {
        return false;
      }
    },
    stop() {
      if (stopped) return;
      stopped = true;
      if (timer) clearTimeout(timer);
      worker.terminate();
      stopStream();
      video.srcObject = null;
    },
  };
}
