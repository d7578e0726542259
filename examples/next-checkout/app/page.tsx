import { connection } from 'next/server';
import { formatPrice, PRODUCTS } from '@/lib/catalog';
import { checkoutApp } from '@/lib/lifeline';
import { BuyForm } from './buy-form';

export default async function Storefront() {
  await connection(); // rendered per request: the setup below comes from the server's environment
  const { setup, stripe } = await checkoutApp();
  return (
    <>
      <h1>Verified B2B leads</h1>
      <p className="muted">
        Pay, and the download link arrives by email. Every receipt and every webhook is retried, and what
        still fails lands in <a href="/admin/failed-operations">Failed operations</a> with an alert.
      </p>

      <ul className="products">
        {PRODUCTS.map((product) => (
          <li key={product.id} className="product">
            <h3>{product.name}</h3>
            <p className="muted">{product.description}</p>
            <p className="price">{formatPrice(product.priceCents, product.currency)}</p>
          </li>
        ))}
      </ul>

      <h2>Checkout</h2>
      {stripe ? (
        <p className="notice">
          Payments go through <strong>Stripe Checkout</strong> (test mode with an <code>sk_test_</code> key:
          pay with card 4242 4242 4242 4242). Forward webhooks with{' '}
          <code>stripe listen --forward-to localhost:3000/api/webhooks/stripe</code> and put the printed{' '}
          <code>whsec_</code> secret in <code>STRIPE_WEBHOOK_SECRET</code>.
        </p>
      ) : (
        <p className="notice">
          <strong>Simulated checkout</strong>: no <code>STRIPE_SECRET_KEY</code> is set, so the shop pays for
          you: it posts the <code>checkout.session.completed</code> webhook Stripe would send, signed with the
          Stripe SDK, to its own <code>/api/webhooks/stripe</code>. That webhook marks the purchase paid and
          queues the receipt. Set the Stripe keys (see <code>.env.example</code>) to pay through real Stripe
          Checkout.
        </p>
      )}
      <BuyForm
        products={PRODUCTS.map((product) => ({
          id: product.id,
          label: `${product.name} · ${formatPrice(product.priceCents, product.currency)}`,
        }))}
      />

      <h2>This server</h2>
      <dl className="setup">
        <dt>Payments</dt>
        <dd>{setup.payments}</dd>
        <dt>Database</dt>
        <dd>{setup.database}</dd>
        <dt>Queue</dt>
        <dd>{setup.queue}</dd>
        <dt>Email</dt>
        <dd>{setup.mailer}</dd>
        <dt>Alerts</dt>
        <dd>{setup.alerter}</dd>
      </dl>
    </>
  );
}
