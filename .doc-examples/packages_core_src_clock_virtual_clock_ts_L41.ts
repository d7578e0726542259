// packages/core/src/clock/virtual-clock.ts:41
import { retry, virtualClock } from '@lifeline/core';
const clock = virtualClock();
let calls = 0;
const flaky = async () => {
  if (++calls < 3) throw Object.assign(new Error('Service unavailable'), { status: 503 });
  return 'ok';
};
const done = retry(flaky, { attempts: 3, clock });
await clock.run(done); // backoff delays pass instantly

export {};
