/**
 * What the shop needs from the services around it, typed by the calls it makes. A real `Stripe`
 * client fits {@link PaymentsApi}; the simulation passes stand-ins.
 */

/** The Checkout Session fields the shop sets (a subset of `Stripe.Checkout.SessionCreateParams`). */
export interface CheckoutSessionCreateParams {
  mode: 'payment';
  /** The shop's purchase id: every event about the session carries it back. */
  client_reference_id: string;
  customer_email: string;
  line_items: Array<{
    price_data: { currency: string; unit_amount: number; product_data: { name: string } };
    quantity: number;
  }>;
  metadata: Record<string, string>;
  success_url: string;
  cancel_url: string;
}

/** The part of the Stripe SDK the shop calls: `new Stripe(key, { maxNetworkRetries: 0 })` fits. */
export interface PaymentsApi {
  checkout: {
    sessions: {
      create(
        params: CheckoutSessionCreateParams,
        options?: { idempotencyKey?: string; timeout?: number },
      ): Promise<{ id: string; url: string | null }>;
    };
  };
}

/** Signs download links for bought files (Supabase Storage's `createSignedUrl`, S3 presigned URLs). */
export interface DownloadLinks {
  /** A link to the purchase's file that works until `expiresAt` (epoch ms). Throws when storage fails. */
  create(purchaseId: string, options: { expiresAt: number; signal?: AbortSignal }): Promise<string>;
}
