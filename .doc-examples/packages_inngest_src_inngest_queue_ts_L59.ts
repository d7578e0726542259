// packages/inngest/src/inngest-queue.ts:59
import { createLifeline } from '@lifeline/core';
import { inngestFunctions, inngestQueue } from '@lifeline/inngest';
import { Inngest } from 'inngest';
import { serve } from 'inngest/next';

const inngest = new Inngest({ id: 'shop' });
const lifeline = createLifeline({ operations, queue: inngestQueue({ client: inngest }) });
export const { GET, POST, PUT } = serve({ client: inngest, functions: inngestFunctions(lifeline) });

export {};
