export * from './throttle';
