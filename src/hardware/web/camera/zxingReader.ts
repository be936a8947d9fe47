// zxing-wasm (ZXing-C++) for QR codes and as the second 1D decoder. Its default loads the .wasm from a CDN that a
// store network cannot reach: nothing is read until the app (the bundled file's URL) or Node (the file's bytes)
// has said where the .wasm is, so a missing setup fails loudly instead of reaching out to the internet.
import { prepareZXingModule, readBarcodes, type ReaderOptions, type ReadResult } from 'zxing-wasm/reader';
import { canonicalText, type CameraSymbology, type CodeRead, type RgbaFrame } from './symbols';

export type ZxingWasmSource = { url: string } | { binary: ArrayBuffer };

let configured = false;

/** Points zxing-wasm at our copy of zxing_reader.wasm: a bundled URL in the browser, the bytes in Node. */
export function setZxingWasm(source: ZxingWasmSource): void {
  const overrides =
    'url' in source
      ? {
          locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? source.url : prefix + path),
        }
      : { wasmBinary: source.binary };
  prepareZXingModule({ overrides, fireImmediately: false });
  configured = true;
}

const FORMATS: Record<string, CameraSymbology> = {
  EAN13: 'ean13',
  UPCA: 'ean13',
  EAN8: 'ean8',
  UPCE: 'upce',
  Code128: 'code128',
  QRCode: 'qr',
};

const OPTIONS: ReaderOptions = {
  formats: ['EAN13', 'EAN8', 'UPCA', 'UPCE', 'Code128', 'QRCode'],
  tryHarder: true,
  tryRotate: true,
  // Light-on-dark codes are rare at a till and the inverted pass costs a third of the time (ZXing's own
  // blackbox thresholds are measured without it too).
  tryInvert: false,
  tryDownscale: true,
  // Two, not one: with two codes in view (a nested QR, a shelf label beside the product) zxing must vote for
  // both so the consensus waits, rather than always pick the same one. More than two costs time on every frame.
  maxNumberOfSymbols: 2,
  // The bytes as encoded, not escaped: GS1 separators and control characters reach the classifier as they are.
  textMode: 'Plain',
};

function toRead(r: ReadResult): CodeRead | null {
  const symbology = FORMATS[r.format];
  if (!symbology || !r.isValid || !r.text) return null;
  const read: CodeRead = { decoder: 'zxing', symbology, text: canonicalText(symbology, r.text) };
  // quagga2 confirms linear codes where zxing found them (quaggaScanlines.ts).
  if (symbology !== 'qr') {
    const { topLeft, topRight, bottomRight, bottomLeft } = r.position;
    read.place = { topLeft, topRight, bottomRight, bottomLeft };
  }
  return read;
}

/** Every valid symbol zxing-wasm finds in the frame. */
export async function readWithZxing(frame: RgbaFrame): Promise<CodeRead[]> {
  if (!configured)
    throw new Error('zxing-wasm has no local .wasm configured (setZxingWasm); refusing the CDN default');
  const results = await readBarcodes(frame as ImageData, OPTIONS);
  const reads: CodeRead[] = [];
  for (const r of results) {
    const read = toRead(r);
    if (read) reads.push(read);
  }
  return reads;
}
