export { encodeReceipt, encodeDrawerKick, paperDotsFor, type EncodeOptions } from './encoder';
export { qrCommands, type QrOptions, type QrErrorLevel } from './qr';
export { code128Payload, code128Modules, code128Commands } from './code128';
export { rasterCommand, bitmapFromPattern, bitmapFromRgba, DEFAULT_LOGO, type MonoBitmap } from './raster';
export { encodeGb18030, pushGb18030 } from './gb18030';
export {
  parseStatusBytes,
  conditionToStatus,
  statusBytesFor,
  isStatusByte,
  StatusParseError,
  type PrinterCondition,
} from './status';
export { withReprintMark, hasReprintMark, REPRINT_MARK } from './reprint';
export * as escpos from './commands';
export {
  PrinterError,
  errorForStatus,
  stateForCode,
  type PrinterDriver,
  type DriverPrintOptions,
  type PrinterErrorCode,
} from './driver';
