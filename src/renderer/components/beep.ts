// A short beep on errors: the cashier is looking at the goods, not the screen. WebAudio needs no audio file.
let ctx: AudioContext | null = null;

export function beep(kind: 'error' | 'ok' = 'error'): void {
  try {
    const Ctor = globalThis.AudioContext;
    if (!Ctor) return;
    ctx ??= new Ctor();
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'square';
    osc.frequency.value = kind === 'error' ? 330 : 880;
    gain.gain.value = 0.08;
    osc.connect(gain).connect(ctx.destination);
    const t = ctx.currentTime;
    osc.start(t);
    osc.stop(t + (kind === 'error' ? 0.18 : 0.06));
  } catch {
    // no audio device: the visible message is enough
  }
}
