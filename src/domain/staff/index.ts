// Staff rules: PIN hashes and policy, lockout, roles and permissions, badges, the audit hash chain.
export * from './pinHash';
export * from './lockout';
export * from './roles';
export * from './badge';
export * from './auditChain';
export * from './demoStaff';
export * from './approvalProof';
