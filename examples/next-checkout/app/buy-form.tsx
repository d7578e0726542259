'use client';

import { type FormEvent, useState } from 'react';

interface ProductOption {
  id: string;
  label: string;
}

type Outcome =
  | { kind: 'idle' }
  | { kind: 'busy' }
  | { kind: 'redirecting'; purchaseId: string }
  | { kind: 'error'; message: string };

/** Posts the purchase to the purchase route, then follows its checkout URL (Stripe, or the purchase page offline). */
export function BuyForm({ products }: { products: ProductOption[] }) {
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const name = String(form.get('name') ?? '').trim();
    setOutcome({ kind: 'busy' });
    try {
      const response = await fetch('/api/marketplace/purchase', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          productId: form.get('productId'),
          email: form.get('email'),
          ...(name ? { name } : {}),
        }),
      });
      const body = (await response.json()) as {
        purchaseId?: string;
        checkoutUrl?: string;
        error?: string;
        issues?: { field: string; message: string }[];
      };
      if (!response.ok || !body.purchaseId) {
        const detail = body.issues?.map((issue) => `${issue.field}: ${issue.message}`).join('; ');
        setOutcome({ kind: 'error', message: detail || body.error || `HTTP ${response.status}` });
      } else if (body.checkoutUrl) {
        // Stripe Checkout, or offline the purchase page (the simulated checkout pays in the background).
        setOutcome({ kind: 'redirecting', purchaseId: body.purchaseId });
        window.location.assign(body.checkoutUrl);
      } else {
        setOutcome({ kind: 'error', message: 'the shop answered without a checkout URL' });
      }
    } catch (error) {
      setOutcome({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  }

  return (
    <>
      <form className="buy" onSubmit={onSubmit}>
        <label>
          Pack
          <select name="productId" required>
            {products.map((product) => (
              <option key={product.id} value={product.id}>
                {product.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Email for the receipt
          <input name="email" type="email" required autoComplete="email" placeholder="jane@example.com" />
        </label>
        <label>
          Name <span className="muted">(optional)</span>
          <input name="name" autoComplete="name" />
        </label>
        <button type="submit" disabled={outcome.kind === 'busy'}>
          {outcome.kind === 'busy' ? 'Starting checkout…' : 'Buy now'}
        </button>
      </form>
      <div className="result" aria-live="polite">
        {outcome.kind === 'redirecting' && (
          <p data-purchase-id={outcome.purchaseId}>Taking you to the checkout…</p>
        )}
        {outcome.kind === 'error' && <p className="error">Could not start the checkout: {outcome.message}</p>}
      </div>
    </>
  );
}
