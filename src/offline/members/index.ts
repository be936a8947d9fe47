// Membership at the till, offline side (issue 4): keys and rules, member tokens, the member cache.
export * from './config';
export * from './tokens';
export * from './memberCache';
export * from './crmMembers';
export * from './identify';
