// packages/inngest/src/inngest-functions.ts:71
import { inngestFunctions } from '@lifeline/inngest';
import { serve } from 'inngest/next';
export const { GET, POST, PUT } = serve({ client: inngest, functions: inngestFunctions(lifeline) });

export {};
