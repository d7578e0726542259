/**
 * Runs once when the server starts, before it takes requests: opens the database, runs the migrations and
 * starts the queue's workers, so jobs committed before a restart (a receipt, a fulfilment) run without
 * waiting for a visitor.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { checkoutApp } = await import('./lib/lifeline');
  await checkoutApp();
}
