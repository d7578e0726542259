export * from './harness';
export * from './runtime-scenarios';
