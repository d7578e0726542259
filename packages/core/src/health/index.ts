export * from './compute-health';
export * from './default-targets';
export * from './health-monitor';
export * from './health-types';
