export * from './fingerprint';
export * from './idempotent';
export * from './run-idempotently';
