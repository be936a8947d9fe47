// Staff on the till: cached staff, PIN and badge checks with lockout, and the audit log.
export * from './audit';
export * from './pin';
export * from './staffCache';
export * from './login';
