// The domain room: pure business rules of the till, importable from every other room.
export * from './model';
export * from './money';
export * from './barcode';
export * from './scale';
export * from './codes';
export * from './cart';
export * from './tender';
export * from './payment';
export * from './receiptNo';
export * from './businessDate';
export * from './ids';
export * from './hash';
export * from './catalogSeed';
