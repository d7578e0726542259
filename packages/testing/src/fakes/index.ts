export type { FaultOptions, FaultOutcome, FaultyCall } from './fault-injector';
export * from './faulty-alerter';
export * from './faulty-mailer';
export * from './injected-fault-error';
export * from './seeded-random';
export * from './store-outage';
