// One camera frame through both decoders: zxing-wasm over the whole frame, then quagga2's readers across each
// linear code zxing found. The app runs this in the decode worker; the benchmark and the tests run the very
// same function in Node on the fixture photographs.
import { readWithQuagga } from './quaggaScanlines';
import { readWithZxing } from './zxingReader';
import type { CodeRead, RgbaFrame } from './symbols';

export async function decodeFrame(frame: RgbaFrame): Promise<CodeRead[]> {
  const zxing = await readWithZxing(frame);
  // quagga2 alone never makes a code (consensus.ts), so it only reads where zxing found a linear code.
  const places = zxing.flatMap((r) => (r.place ? [r.place] : []));
  if (places.length === 0) return zxing;
  return [...zxing, ...readWithQuagga(frame, places)];
}
