// The sync engine's public face: the renderer wires these to the status bar and the sync panel.
export * from './backoff';
export * from './crmClient';
export * from './enrollment';
export * from './issues';
export * from './pull';
export * from './push';
export * from './quarantine';
export * from './syncRunner';
export * from './demoEnrollment';
