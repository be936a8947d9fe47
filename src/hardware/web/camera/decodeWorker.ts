// The decode worker: frames in, reads out, off the page's thread so the till stays responsive while the camera
// runs. zxing-wasm's .wasm is the copy Vite bundles with the app (a `?url` asset), never the CDN default.
import './workerWindow';
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';
import { decodeFrame } from './frameDecoder';
import type { DecodeReply, DecodeRequest } from './decodeMessages';
import { setZxingWasm } from './zxingReader';

interface WorkerScope {
  onmessage: ((e: MessageEvent<DecodeRequest>) => void) | null;
  postMessage(message: DecodeReply): void;
}
const scope = globalThis as unknown as WorkerScope;

setZxingWasm({ url: new URL(wasmUrl, globalThis.location.href).href });

scope.onmessage = (e) => {
  const { id, frame } = e.data;
  const t0 = performance.now();
  decodeFrame(frame).then(
    (reads) => scope.postMessage({ kind: 'reads', id, reads, ms: performance.now() - t0 }),
    (err: unknown) =>
      scope.postMessage({ kind: 'error', id, message: err instanceof Error ? err.message : String(err) }),
  );
};

scope.postMessage({ kind: 'ready' });
