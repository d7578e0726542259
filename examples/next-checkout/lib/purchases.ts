import { randomBytes } from 'node:crypto';
import type { SqlClient } from '@lifeline/postgres';
import type { Product } from './catalog';

/** How long a download link works after payment. */
const DOWNLOAD_VALID_MS = 7 * 24 * 60 * 60_000;

/** A purchase as the app stores it. */
export interface Purchase {
  /** `pur_` + 128 random bits: also the capability in the download link, so it must not be guessable. */
  id: string;
  productId: string;
  productName: string;
  email: string;
  name: string | null;
  totalLeads: number;
  amountCents: number;
  currency: string;
  status: 'pending' | 'paid';
  /** How it was paid: a real Stripe Checkout, or the offline simulated checkout. */
  payment: 'stripe' | 'simulated';
  stripeSessionId: string | null;
  createdAt: Date;
  paidAt: Date | null;
  downloadExpiresAt: Date | null;
}

/** The app's own table. Lifeline's tables live in their own schema (`lifeline`), created by `migrate`. */
export const PURCHASES_DDL = `
CREATE TABLE IF NOT EXISTS purchases (
  id text PRIMARY KEY,
  product_id text NOT NULL,
  product_name text NOT NULL,
  email text NOT NULL,
  name text,
  total_leads integer NOT NULL CHECK (total_leads > 0),
  amount_cents integer NOT NULL CHECK (amount_cents >= 0),
  currency text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'paid')),
  payment text NOT NULL CHECK (payment IN ('stripe', 'simulated')),
  stripe_session_id text UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  paid_at timestamptz,
  download_expires_at timestamptz
)`;

interface PurchaseRow {
  id: string;
  product_id: string;
  product_name: string;
  email: string;
  name: string | null;
  total_leads: number;
  amount_cents: number;
  currency: string;
  status: 'pending' | 'paid';
  payment: 'stripe' | 'simulated';
  stripe_session_id: string | null;
  created_at: Date | string;
  paid_at: Date | string | null;
  download_expires_at: Date | string | null;
}

const date = (value: Date | string | null): Date | null => (value === null ? null : new Date(value));

function toPurchase(row: PurchaseRow): Purchase {
  return {
    id: row.id,
    productId: row.product_id,
    productName: row.product_name,
    email: row.email,
    name: row.name,
    totalLeads: row.total_leads,
    amountCents: row.amount_cents,
    currency: row.currency,
    status: row.status,
    payment: row.payment,
    stripeSessionId: row.stripe_session_id,
    createdAt: new Date(row.created_at),
    paidAt: date(row.paid_at),
    downloadExpiresAt: date(row.download_expires_at),
  };
}

/** A new, unguessable purchase id. */
export const newPurchaseId = (): string => `pur_${randomBytes(16).toString('hex')}`;

/** The purchases table. Every write takes the `SqlClient` to run on, so callers choose the transaction. */
export const purchases = {
  /** Inserts a purchase; `paid` ones get their payment time and download expiry now. */
  async create(
    sql: SqlClient,
    input: {
      id: string;
      product: Product;
      email: string;
      name?: string | undefined;
      status: Purchase['status'];
      payment: Purchase['payment'];
    },
  ): Promise<Purchase> {
    const paid = input.status === 'paid';
    const { rows } = await sql.query<PurchaseRow>(
      `INSERT INTO purchases (id, product_id, product_name, email, name, total_leads, amount_cents, currency,
         status, payment, paid_at, download_expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
         CASE WHEN $11::boolean THEN now() END, CASE WHEN $11::boolean THEN now() + $12::integer * interval '1 millisecond' END)
       RETURNING *`,
      [
        input.id,
        input.product.id,
        input.product.name,
        input.email,
        input.name ?? null,
        input.product.leads,
        input.product.priceCents,
        input.product.currency,
        input.status,
        input.payment,
        paid,
        DOWNLOAD_VALID_MS,
      ],
    );
    return toPurchase(rows[0]!);
  },

  /** The purchase, or undefined. */
  async get(sql: SqlClient, id: string): Promise<Purchase | undefined> {
    const { rows } = await sql.query<PurchaseRow>('SELECT * FROM purchases WHERE id = $1', [id]);
    return rows[0] && toPurchase(rows[0]);
  },

  /** Remembers which Checkout Session pays for a pending purchase. */
  async attachSession(sql: SqlClient, id: string, sessionId: string): Promise<void> {
    await sql.query('UPDATE purchases SET stripe_session_id = $2 WHERE id = $1', [id, sessionId]);
  },

  /**
   * Marks a purchase paid by a Checkout Session. Idempotent: a purchase that is already paid keeps its
   * first payment time and expiry, so a redelivered webhook changes nothing. Undefined when no such purchase.
   */
  async markPaid(sql: SqlClient, id: string, sessionId: string): Promise<Purchase | undefined> {
    const { rows } = await sql.query<PurchaseRow>(
      `UPDATE purchases SET status = 'paid',
         stripe_session_id = coalesce(stripe_session_id, $2),
         paid_at = coalesce(paid_at, now()),
         download_expires_at = coalesce(download_expires_at, now() + $3::integer * interval '1 millisecond')
       WHERE id = $1 RETURNING *`,
      [id, sessionId, DOWNLOAD_VALID_MS],
    );
    return rows[0] && toPurchase(rows[0]);
  },

  /** Reconciliation's source of truth: did this Checkout Session's purchase get paid here? */
  async isPaidBySession(sql: SqlClient, sessionId: string): Promise<boolean> {
    const { rows } = await sql.query(
      "SELECT 1 FROM purchases WHERE stripe_session_id = $1 AND status = 'paid'",
      [sessionId],
    );
    return rows.length > 0;
  },
};
