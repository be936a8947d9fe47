// The sync contract between terminals and the central CRM (docs/decisions/0011-crm-sync-contract.md).
export * from './model';
export * from './mutations';
export * from './api';
export * from './approvals';
