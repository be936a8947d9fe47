// Membership rules at the till (issue 4): tier prices, coupons, points. Pure; see each module.
export * from './rules';
export * from './coupons';
export * from './pricing';
export * from './points';
