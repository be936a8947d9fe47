// Buy online, pick up in store, offline side (issue 5): cached orders, verification, handovers and ready marks.
export * from './rows';
export * from './orders';
export * from './ledger';
export * from './client';
export * from './verify';
