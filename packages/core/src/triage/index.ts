export * from './bulk-job-request';
export * from './bulk-job-runner';
export * from './error-fingerprint';
export * from './incidents';
export * from './search-text';
