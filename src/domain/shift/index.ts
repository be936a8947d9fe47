// Shifts, cash control, X/Z reports and refunds: pure rules, no I/O.
export * from './denominations';
export * from './model';
export * from './cash';
export * from './report';
export * from './refund';
