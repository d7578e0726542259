/** A lead pack the shop sells. Prices are in minor units (cents), like Stripe's amounts. */
export interface Product {
  id: string;
  name: string;
  description: string;
  leads: number;
  priceCents: number;
  currency: 'usd';
}

/** What the storefront offers. A real shop reads this from its database. */
export const PRODUCTS: readonly Product[] = [
  {
    id: 'leads-starter',
    name: 'Starter pack',
    description: '250 verified B2B leads, CSV download',
    leads: 250,
    priceCents: 4_900,
    currency: 'usd',
  },
  {
    id: 'leads-growth',
    name: 'Growth pack',
    description: '1,000 verified B2B leads, CSV download',
    leads: 1_000,
    priceCents: 14_900,
    currency: 'usd',
  },
];

/** The product with this id, or undefined. */
export const findProduct = (id: string): Product | undefined => PRODUCTS.find((product) => product.id === id);

/** "$49.00" */
export const formatPrice = (cents: number, currency = 'usd'): string =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase() }).format(cents / 100);
