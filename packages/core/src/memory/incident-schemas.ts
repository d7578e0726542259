import { z } from 'zod';

/** zod schema of an incident update, shared with the SQL adapters. */
export const incidentUpdateSchema = z.object({
  status: z.enum(['open', 'acknowledged', 'resolved']).optional(),
  mutedUntil: z.number().finite('must be epoch ms or null').nullable().optional(),
  by: z.string().min(1, 'must say who acted'),
  at: z.number().finite('must be a finite number of epoch ms'),
  note: z.string().optional(),
});

/** The incident store input schema, shared with the SQL adapters. */
export const fingerprintSchema = z.string().min(1, 'must be a non-empty error fingerprint').max(100);
