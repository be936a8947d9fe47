// Browser adapter for keyboard-wedge scanners: listens to keydown on the window (capture phase, before any
// field or shortcut sees the key), runs the WedgeDetector, and turns bursts into ScanEvents. Keys it holds are
// suppressed; when they turn out to be a person's typing they are put into the focused field, so a scan never
// types into a search box and a person never loses a keystroke.
import { GS, WedgeDetector, type WedgeOptions } from '../core/wedge';
import type { ScanEvent } from '../../shared/platform';

export interface KeyboardWedgeOptions extends Partial<WedgeOptions> {
  /** Where to listen; the window by default. */
  target?: Window;
  onScan(event: ScanEvent): void;
  /** Typing released while no text field had focus (e.g. the cashier types a code with the cart focused). */
  onStrayTyping?(text: string): void;
}

type Editable = HTMLInputElement | HTMLTextAreaElement;

/**
 * Extra wait before held keys are settled when no key followed. The gap itself is judged on the keys' own
 * timestamps; this only keeps a busy main thread (a big render right after a scan) from settling a burst
 * while its next key is still queued. A person's keystroke shows up this much later, unnoticed.
 */
const SETTLE_GRACE_MS = 40;

interface SchedulingLike {
  isInputPending?(opts?: { includeContinuous?: boolean }): boolean;
}

function inputPending(win: Window): boolean {
  const scheduling = (win.navigator as Navigator & { scheduling?: SchedulingLike }).scheduling;
  try {
    return scheduling?.isInputPending?.() ?? false;
  } catch {
    return false;
  }
}

const TEXT_INPUT_TYPES = new Set(['text', 'search', 'tel', 'url', 'email', 'password', 'number', '']);

function editableFocus(doc: Document): Editable | null {
  const el = doc.activeElement;
  if (el instanceof HTMLTextAreaElement && !el.readOnly && !el.disabled) return el;
  if (el instanceof HTMLInputElement && !el.readOnly && !el.disabled && TEXT_INPUT_TYPES.has(el.type))
    return el;
  return null;
}

/** Inserts text at the caret the way typing would, so React's onChange sees it. */
export function insertTyped(el: Editable, text: string): void {
  let start: number | null = null;
  let end: number | null = null;
  try {
    start = el.selectionStart;
    end = el.selectionEnd;
  } catch {
    // number inputs have no selection API
  }
  const value = el.value;
  const s = start ?? value.length;
  const e = end ?? s;
  const proto =
    el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  // React tracks the value it last set; the prototype setter bypasses that so the input event counts as a change.
  const setter = Object.getOwnPropertyDescriptor(proto, 'value')?.set;
  const next = value.slice(0, s) + text + value.slice(e);
  if (setter) setter.call(el, next);
  else el.value = next;
  try {
    el.setSelectionRange(s + text.length, s + text.length);
  } catch {
    // not all input types support it
  }
  el.dispatchEvent(new Event('input', { bubbles: true }));
}

function wedgeKey(e: KeyboardEvent): string | null {
  if (e.key === GS) return GS;
  // GS1 scanners send the group separator as Ctrl+]
  if (e.ctrlKey && !e.altKey && !e.metaKey && (e.key === ']' || e.code === 'BracketRight')) return GS;
  if (e.ctrlKey || e.altKey || e.metaKey) return null;
  // An IME composing text swallows keys; never fight it.
  if (e.isComposing || e.key === 'Process' || e.key === 'Unidentified') return null;
  return e.key;
}

/** Starts listening; returns the function that stops. */
export function attachKeyboardWedge(opts: KeyboardWedgeOptions): () => void {
  const win = opts.target ?? window;
  const doc = win.document;
  const { target: _t, onScan, onStrayTyping, ...wedgeOpts } = opts;
  const detector = new WedgeDetector(wedgeOpts);
  let timer: ReturnType<typeof setTimeout> | null = null;

  const deliver = (events: ReturnType<WedgeDetector['flush']>) => {
    for (const ev of events) {
      if (ev.type === 'scan') {
        onScan({ source: 'wedge', code: ev.code, at: Date.now() });
      } else {
        const field = editableFocus(doc);
        if (field) insertTyped(field, ev.text);
        else onStrayTyping?.(ev.text);
      }
    }
  };

  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    const deadline = detector.nextDeadline();
    if (deadline === null) return;
    timer = setTimeout(
      () => {
        timer = null;
        // A key waiting in the queue decides for itself (by its timestamp) when it arrives.
        if (inputPending(win)) {
          timer = setTimeout(() => {
            timer = null;
            deliver(detector.flush(win.performance.now()));
            schedule();
          }, 10);
          return;
        }
        deliver(detector.flush(win.performance.now()));
        schedule();
      },
      Math.max(0, deadline - win.performance.now()) + SETTLE_GRACE_MS,
    );
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const key = wedgeKey(e);
    if (key === null) {
      deliver(detector.release());
      schedule();
      return;
    }
    // event.timeStamp and performance.now() share one clock: the gap is the real gap between keys.
    const r = detector.feed(key, e.timeStamp || win.performance.now());
    if (r.consumed) {
      e.preventDefault();
      e.stopImmediatePropagation();
    }
    deliver(r.events);
    schedule();
  };

  const onBlur = () => {
    deliver(detector.release());
    schedule();
  };

  win.addEventListener('keydown', onKeyDown, true);
  win.addEventListener('blur', onBlur);
  return () => {
    win.removeEventListener('keydown', onKeyDown, true);
    win.removeEventListener('blur', onBlur);
    if (timer) clearTimeout(timer);
  };
}
