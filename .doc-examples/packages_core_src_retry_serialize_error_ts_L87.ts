// packages/core/src/retry/serialize-error.ts:87
import { PermanentError, serializeError } from '@lifeline/core';
const smtpError = new Error('550 mailbox unavailable');
serializeError(new PermanentError('address rejected', { cause: smtpError }));
// { name: 'PermanentError', message: 'address rejected', code: 'LIFELINE_PERMANENT',
//   retryable: false, stack: '...', cause: { name: 'Error', message: '550 ...', ... } }

export {};
