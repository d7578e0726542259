// packages/testing/src/fakes/faulty-mailer.ts:43
import { faultyMailer } from '@lifeline/testing';
const mailer = faultyMailer({ failFirst: 2, status: 503 });
// run the operation: attempts 1 and 2 fail with HTTP 503, attempt 3 is delivered
expect(mailer.calls.map((c) => c.outcome)).toEqual(['failed', 'failed', 'delivered']);
expect(mailer.delegate.sent).toHaveLength(1);

export {};
