import type { SqlClient } from '@lifeline/postgres';

/**
 * The shop's own tables, in schema `shop` beside Lifeline's `lifeline` schema in the same database, so a
 * purchase and the work it queues commit in one transaction. `download_grants` is append-only: one row
 * each time a purchase is fulfilled, so fulfilling twice would show as two rows.
 */
const SHOP_SCHEMA = [
  'CREATE SCHEMA IF NOT EXISTS shop',
  `CREATE TABLE IF NOT EXISTS shop.purchases (
     id text PRIMARY KEY,
     email text NOT NULL,
     name text NOT NULL,
     leads integer NOT NULL CHECK (leads > 0),
     amount_cents integer NOT NULL CHECK (amount_cents >= 0),
     currency text NOT NULL,
     status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'fulfilled')),
     checkout_session_id text,
     created_at timestamptz NOT NULL,
     fulfilled_at timestamptz
   )`,
  `CREATE TABLE IF NOT EXISTS shop.download_grants (
     id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     purchase_id text NOT NULL REFERENCES shop.purchases (id),
     checkout_session_id text NOT NULL,
     download_url text NOT NULL,
     expires_at timestamptz NOT NULL,
     granted_at timestamptz NOT NULL
   )`,
  'CREATE INDEX IF NOT EXISTS download_grants_purchase ON shop.download_grants (purchase_id)',
];

/** Creates the shop's tables if they are missing. Safe to run on every start. */
export async function migrateShop(sql: SqlClient): Promise<void> {
  await sql.transaction(async (tx) => {
    for (const statement of SHOP_SCHEMA) await tx.query(statement);
  });
}
