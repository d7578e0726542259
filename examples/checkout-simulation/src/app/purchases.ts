import type { Clock } from '@lifeline/core';
import type { SqlClient } from '@lifeline/postgres';

/** A purchase as the shop stores it. */
export interface Purchase {
  id: string;
  email: string;
  name: string;
  leads: number;
  amountCents: number;
  currency: string;
  status: 'pending' | 'fulfilled';
  checkoutSessionId: string | null;
}

/** What a customer's purchase request carries. */
export type NewPurchase = Pick<Purchase, 'id' | 'email' | 'name' | 'leads' | 'amountCents' | 'currency'>;

/** What `fulfil` did: granted now (with what it granted), found it done before, or found no purchase. */
export type FulfilResult =
  | { status: 'granted'; purchase: Purchase; downloadUrl: string; expiresAt: number }
  | { status: 'already_fulfilled' }
  | { status: 'unknown_purchase' };

const at = (param: string) => `to_timestamp(${param}::double precision / 1000)`;
const COLUMNS = `id, email, name, leads, amount_cents AS "amountCents", currency, status,
  checkout_session_id AS "checkoutSessionId"`;

/** The shop's purchases table. Every write that pairs with queued work takes the caller's transaction. */
export function purchaseRepository(clock: Clock) {
  return {
    /** Inserts the purchase; false when it exists already (a repeated request). */
    async insert(tx: SqlClient, purchase: NewPurchase): Promise<boolean> {
      const { rowCount } = await tx.query(
        `INSERT INTO shop.purchases (id, email, name, leads, amount_cents, currency, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, ${at('$7')}) ON CONFLICT (id) DO NOTHING`,
        [
          purchase.id,
          purchase.email,
          purchase.name,
          purchase.leads,
          purchase.amountCents,
          purchase.currency,
          clock.now(),
        ],
      );
      return rowCount > 0;
    },

    /** The purchase, or undefined. */
    async get(sql: SqlClient, id: string): Promise<Purchase | undefined> {
      const { rows } = await sql.query<Purchase>(`SELECT ${COLUMNS} FROM shop.purchases WHERE id = $1`, [id]);
      return rows[0];
    },

    /** Remembers the Checkout Session created for the purchase. */
    async attachSession(sql: SqlClient, id: string, sessionId: string): Promise<void> {
      await sql.query('UPDATE shop.purchases SET checkout_session_id = $2 WHERE id = $1', [id, sessionId]);
    },

    /**
     * Marks the purchase fulfilled and grants the download in `tx`, unless it is fulfilled already: then
     * nothing is written. This guard is what makes fulfilment safe to run again after a worker died
     * between its commit and the end of its idempotency claim.
     */
    async fulfil(
      tx: SqlClient,
      id: string,
      sessionId: string,
      link: { url: string; expiresAt: number },
    ): Promise<FulfilResult> {
      const { rows } = await tx.query<Purchase>(
        `UPDATE shop.purchases SET status = 'fulfilled', fulfilled_at = ${at('$2')},
           checkout_session_id = coalesce(checkout_session_id, $3)
         WHERE id = $1 AND status <> 'fulfilled' RETURNING ${COLUMNS}`,
        [id, clock.now(), sessionId],
      );
      const purchase = rows[0];
      if (!purchase) {
        const exists = await tx.query('SELECT 1 FROM shop.purchases WHERE id = $1', [id]);
        return { status: exists.rowCount > 0 ? 'already_fulfilled' : 'unknown_purchase' };
      }
      await tx.query(
        `INSERT INTO shop.download_grants (purchase_id, checkout_session_id, download_url, expires_at, granted_at)
         VALUES ($1, $2, $3, ${at('$4')}, ${at('$5')})`,
        [id, sessionId, link.url, link.expiresAt, clock.now()],
      );
      return { status: 'granted', purchase, downloadUrl: link.url, expiresAt: link.expiresAt };
    },
  };
}

/** The repository {@link purchaseRepository} builds. */
export type PurchaseRepository = ReturnType<typeof purchaseRepository>;
