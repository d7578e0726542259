import { randomUUID } from 'node:crypto';
import { ConfigurationError, NotFoundError, ValidationError } from '@lifeline/core';
import { z } from 'zod';
import {
  type EndpointFilter,
  endpointFilterSchema,
  type NewEndpoint,
  newEndpointSchema,
  receivesType,
  type WebhookEndpoint,
} from './endpoint';
import type { WebhookEndpointStore } from './endpoint-store';
import { generateSigningSecret, signingSecretSchema } from './secrets';

const reasonSchema = z.string().trim().min(1, 'must say why').max(1000);
const graceSchema = z.number().int().nonnegative();

function parse<T>(schema: z.ZodType<T>, subject: string, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw ValidationError.fromZod(subject, parsed.error, value);
  return parsed.data;
}

const copy = (endpoint: WebhookEndpoint): WebhookEndpoint => structuredClone(endpoint);

/**
 * A {@link WebhookEndpointStore} in this process's memory: for tests, development and single-node apps
 * whose endpoints are configured in code. Everything is lost when the process ends.
 */
export function memoryEndpointStore(): WebhookEndpointStore {
  const endpoints = new Map<string, WebhookEndpoint>();

  function existing(id: string): WebhookEndpoint {
    const endpoint = endpoints.get(id);
    if (!endpoint) throw new NotFoundError('webhook endpoint', id);
    return endpoint;
  }

  return {
    async register(input: NewEndpoint, now: number) {
      const checked = parse(newEndpointSchema, 'webhook endpoint', input);
      const id = checked.id ?? `ep_${randomUUID().replaceAll('-', '')}`;
      if (endpoints.has(id)) {
        throw new ConfigurationError(`webhook endpoint "${id}" is already registered; pick another id`);
      }
      const endpoint: WebhookEndpoint = {
        id,
        url: checked.url,
        ...(checked.eventTypes ? { eventTypes: [...checked.eventTypes] } : {}),
        ...(checked.description !== undefined ? { description: checked.description } : {}),
        status: 'enabled',
        secrets: [{ secret: checked.secret ?? generateSigningSecret(), createdAt: now }],
        createdAt: now,
      };
      endpoints.set(id, endpoint);
      return copy(endpoint);
    },
    async get(id) {
      const endpoint = endpoints.get(id);
      return endpoint ? copy(endpoint) : undefined;
    },
    async list(filter?: EndpointFilter) {
      const { status, eventType } = parse(endpointFilterSchema, 'webhook endpoint filter', filter);
      return [...endpoints.values()]
        .filter(
          (e) =>
            (status === undefined || e.status === status) &&
            (eventType === undefined || receivesType(e, eventType)),
        )
        .map(copy);
    },
    async disable(id, reason, now) {
      const why = parse(reasonSchema, 'disable reason', reason);
      const endpoint = existing(id);
      if (endpoint.status === 'enabled') {
        endpoint.status = 'disabled';
        endpoint.disabledReason = why;
        endpoint.disabledAt = now;
      }
      return copy(endpoint);
    },
    async enable(id) {
      const endpoint = existing(id);
      endpoint.status = 'enabled';
      delete endpoint.disabledReason;
      delete endpoint.disabledAt;
      return copy(endpoint);
    },
    async rotateSecret(id, secret, now, graceMs) {
      const next = parse(signingSecretSchema, 'signing secret', secret);
      const grace = parse(graceSchema, 'rotation grace period (ms)', graceMs);
      const endpoint = existing(id);
      const kept = endpoint.secrets
        .filter((s) => s.expiresAt === undefined || s.expiresAt > now)
        .map((s) => ({ ...s, expiresAt: Math.min(s.expiresAt ?? Number.POSITIVE_INFINITY, now + grace) }))
        .filter((s) => s.expiresAt > now);
      endpoint.secrets = [{ secret: next, createdAt: now }, ...kept];
      return copy(endpoint);
    },
  };
}
