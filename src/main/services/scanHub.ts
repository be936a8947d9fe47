// Hardware scans (HID scanners read in the main process) fan out to whoever listens: the window forwarder in
// src/main/electron, tests. Events are checked against the contract before they leave main.
import { ScanEventSchema, type ScanEvent } from '../../shared/platform';
import { describeZodError, err, ok, type Result } from '../../shared/result';

export interface ScanHub {
  publish(event: unknown): Result<ScanEvent>;
  subscribe(listener: (e: ScanEvent) => void): () => void;
}

export function createScanHub(onListenerError?: (e: unknown) => void): ScanHub {
  const listeners = new Set<(e: ScanEvent) => void>();
  return {
    publish(event) {
      const parsed = ScanEventSchema.safeParse(event);
      if (!parsed.success) return err('E_INVALID_SCAN', describeZodError(parsed.error));
      for (const listener of listeners) {
        try {
          listener(parsed.data);
        } catch (e) {
          onListenerError?.(e);
        }
      }
      return ok(parsed.data);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
