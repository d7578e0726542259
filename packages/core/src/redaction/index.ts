export * from './emails';
export * from './placeholder';
export { redactText } from './redact-text';
export { isSignedUrl, redactUrl } from './redact-url';
export * from './redact-value';
export { isSecretKey } from './secret-names';
