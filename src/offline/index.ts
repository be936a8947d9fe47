// The offline room's public face: the renderer imports from here.
export * from './db';
export * from './ids';
export * from './terminal';
export * from './sales';
export * from './outbox';
export * from './catalog';
export * from './locks';
export * from './storage';
export * from './payment/simulator';
export * from './payment/mobilePayment';
