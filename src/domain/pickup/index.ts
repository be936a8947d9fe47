// Buy online, pick up in store: the life cycle, the verification rules, the item check and proxy pickup.
export * from './lifecycle';
export * from './verification';
export * from './itemCheck';
export * from './proxy';
