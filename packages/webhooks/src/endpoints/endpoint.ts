import { z } from 'zod';
import { signingSecretSchema } from './secrets';

/** Whether an endpoint receives deliveries. */
export type EndpointStatus = 'enabled' | 'disabled';

/** One signing secret of an endpoint. During a rotation the old one stays until `expiresAt`. */
export interface EndpointSecret {
  /** `whsec_…`. */
  secret: string;
  /** Epoch ms it was added. */
  createdAt: number;
  /** Epoch ms after which it no longer signs; absent for the current secret. */
  expiresAt?: number;
}

/** A partner's webhook endpoint. */
export interface WebhookEndpoint {
  /** Stable id, e.g. `ep_…`. */
  id: string;
  /** Where deliveries are POSTed (`http:` or `https:`). */
  url: string;
  /** Event types this endpoint receives; absent or empty means every type. */
  eventTypes?: string[];
  /** Free text for people (which partner, which contract). */
  description?: string;
  status: EndpointStatus;
  /** Why it was disabled (`410 Gone from the partner`, `failing since …`, an admin's note). */
  disabledReason?: string;
  /** Epoch ms it was disabled. */
  disabledAt?: number;
  /** Signing secrets, newest first; every one not expired signs each delivery. */
  secrets: EndpointSecret[];
  /** Epoch ms it was registered. */
  createdAt: number;
}

/** What `register` takes. Without `secret`, a new one is generated; without `id`, one is made up. */
export interface NewEndpoint {
  id?: string;
  url: string;
  eventTypes?: string[];
  description?: string;
  secret?: string;
}

/** Filter of `list`. */
export interface EndpointFilter {
  status?: EndpointStatus;
  /** Only endpoints that receive this event type. */
  eventType?: string;
}

const urlSchema = z
  .string()
  .url('must be an absolute URL')
  .refine((url) => /^https?:$/.test(new URL(url).protocol), 'must use http: or https:')
  .refine((url) => new URL(url).username === '' && new URL(url).password === '', 'must not hold credentials');

/** zod schema of {@link NewEndpoint}. Unknown keys are rejected. */
export const newEndpointSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'letters, digits and _ . : - only, 1 to 100 characters')
    .optional(),
  url: urlSchema,
  eventTypes: z.array(z.string().min(1).max(200)).max(500).optional(),
  description: z.string().max(1000).optional(),
  secret: signingSecretSchema.optional(),
});

/** zod schema of {@link EndpointFilter}. */
export const endpointFilterSchema = z
  .strictObject({
    status: z.enum(['enabled', 'disabled']).optional(),
    eventType: z.string().min(1).optional(),
  })
  .prefault({});

/** True when `endpoint` takes events of `type` (no `eventTypes` means all). */
export function receivesType(endpoint: Pick<WebhookEndpoint, 'eventTypes'>, type: string): boolean {
  return !endpoint.eventTypes || endpoint.eventTypes.length === 0 || endpoint.eventTypes.includes(type);
}

/** The secrets that sign a delivery at `now`: every one not yet expired, newest first. */
export function signingSecrets(endpoint: Pick<WebhookEndpoint, 'secrets'>, now: number): string[] {
  return endpoint.secrets.filter((s) => s.expiresAt === undefined || s.expiresAt > now).map((s) => s.secret);
}
