// packages/testing/src/scripted-worker.ts:24
import { type QueuedEvent, inProcessQueue, virtualClock } from '@lifeline/core';
import { ScriptedWorker } from '@lifeline/testing';
const clock = virtualClock();
const queue = inProcessQueue({ clock });
const worker = new ScriptedWorker(clock);
queue.start(worker);
const event: QueuedEvent = { id: 'evt_1', name: 'demo/job', kind: 'job', data: {}, idempotencyKey: 'job:1', enqueuedAt: clock.now() };
worker.script(event.id, [{ status: 'retry', delayMs: 1_000, error: new Error('x') }, { status: 'succeeded' }]);
await queue.enqueue(event);
await clock.run(queue.drain());
worker.callsFor(event.id).length; // 2

export {};
