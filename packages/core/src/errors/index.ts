export * from './idempotency-errors';
export * from './lifeline-error';
export * from './permanent-error';
export * from './retry-after-error';
export * from './state-errors';
export * from './store-unavailable-error';
export * from './validation-error';
