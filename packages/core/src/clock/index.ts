export * from './clock';
export * from './system-clock';
export * from './virtual-clock';
