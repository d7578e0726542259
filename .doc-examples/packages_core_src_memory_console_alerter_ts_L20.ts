// packages/core/src/memory/console-alerter.ts:20
import { consoleAlerter, createLifeline } from '@lifeline/core';
// `console` fits the Logger contract; so do pino and winston loggers.
const lifeline = createLifeline({ operations, alerter: consoleAlerter({ logger: console }) });

export {};
