export * from './backoff';
export * from './classify-error';
export { parseRetryAfter } from './http-details';
export * from './retry';
export * from './retry-policy';
export * from './serialize-error';
export * from './with-timeout';
