import type { NextRequest } from 'next/server';
import { checkoutApp } from '@/lib/lifeline';

type Method = 'GET' | 'POST' | 'PUT';

/**
 * Inngest's endpoint: `serve` from `inngest/next` with `inngestFunctions(lifeline)` (one function per
 * operation, the health check, the outbox relay cron and reconciliation). Without Inngest configured the
 * operations run in-process and this answers 404.
 */
function inngestHandler(method: Method) {
  return async (request: NextRequest, context: unknown): Promise<Response> => {
    const { inngest } = await checkoutApp();
    if (!inngest) {
      return Response.json(
        {
          error:
            'Inngest is not configured: set INNGEST_DEV=1 (local dev server) or INNGEST_SIGNING_KEY and INNGEST_EVENT_KEY',
        },
        { status: 404 },
      );
    }
    return inngest[method](request, context);
  };
}

export const GET = inngestHandler('GET');
export const POST = inngestHandler('POST');
export const PUT = inngestHandler('PUT');
