export * from './admin-actions';
export * from './create-lifeline';
export * from './define-operation';
export * from './hooks';
export * from './in-process-queue';
export * from './lifeline-types';
export * from './operation-context';
export * from './send-options';
