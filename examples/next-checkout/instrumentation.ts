/**
 * Runs once when the server starts, before it takes requests: opens the database, runs the migrations and
 * starts the outbox relay, so receipts committed before a restart go out without waiting for a visitor.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { checkoutApp } = await import('./lib/lifeline');
  await checkoutApp();
}
