// What the camera pipeline reads, in one vocabulary for both decoders, and the key two reads must share to
// count as agreeing: a UPC-A read as 12 digits by one decoder and as a 13-digit EAN by the other is one code.

export type CameraSymbology = 'ean13' | 'ean8' | 'upce' | 'code128' | 'qr';
export type CameraDecoder = 'zxing' | 'quagga';

/** One decoder's read of one symbol in one frame. */
export interface CodeRead {
  decoder: CameraDecoder;
  symbology: CameraSymbology;
  /** The text as it goes to the till: 13 digits for EAN-13 and UPC-A, as printed for the others. */
  text: string;
  /** Where zxing found a linear code in the frame (top-left to top-right = reading direction). */
  place?: CodeQuad;
}

export interface CodeQuad {
  topLeft: { x: number; y: number };
  topRight: { x: number; y: number };
  bottomRight: { x: number; y: number };
  bottomLeft: { x: number; y: number };
}

/** A plain RGBA frame: a DOM ImageData, or the same shape built in Node for the benchmark and tests. */
export interface RgbaFrame {
  readonly data: Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
}

/** UPC-A is an EAN-13 with a leading 0: one form, whichever decoder read it. */
export function canonicalText(symbology: CameraSymbology, text: string): string {
  if (symbology === 'ean13' && /^\d{12}$/.test(text)) return `0${text}`;
  return text;
}

/** Reads agree when this matches: the symbology family and the canonical text. */
export function readKey(read: Pick<CodeRead, 'symbology' | 'text'>): string {
  return `${read.symbology}:${canonicalText(read.symbology, read.text)}`;
}
