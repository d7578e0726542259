import { z } from 'zod';
import {
  checkRange,
  fingerprintSchema,
  idSchema,
  kindSchema,
  nameSchema,
  searchSchema,
  statusSchema,
  timeBodySchema,
} from './query-schemas';

const note = z.string().trim().min(1, 'must not be empty').max(2000, 'must be at most 2000 characters');

/** Body of `POST …/:id/retry`: an optional note. */
export const retryBodySchema = z.strictObject({ note: note.optional() });

/** Body of `POST …/:id/resolve`: why it is closed without running (required, kept in the history). */
export const resolveBodySchema = z.strictObject({ note });

/** A filter in a bulk body; times as epoch ms or ISO strings. */
export const bulkFilterSchema = z
  .strictObject({
    q: searchSchema.optional(),
    error: fingerprintSchema.optional(),
    kind: kindSchema.optional(),
    name: nameSchema.optional(),
    status: z.union([statusSchema, z.array(statusSchema).min(1, 'must name at least one status')]).optional(),
    from: timeBodySchema.optional(),
    to: timeBodySchema.optional(),
  })
  .superRefine(checkRange);

/** Body of `POST …/bulk`: an action and either `ids` or `filter` (exactly one); a note is required to resolve. */
export function bulkBodySchema(maxItems: number) {
  return z
    .strictObject({
      action: z.enum(['retry', 'resolve'], { error: 'must be "retry" or "resolve"' }),
      ids: z
        .array(idSchema)
        .min(1, 'must list at least one id')
        .max(maxItems, `must list at most ${maxItems} ids`)
        .optional(),
      filter: bulkFilterSchema.optional(),
      dryRun: z.boolean({ error: 'must be true or false' }).default(false),
      note: note.optional(),
      concurrency: z
        .number()
        .int()
        .min(1, 'must be between 1 and 20')
        .max(20, 'must be between 1 and 20')
        .optional(),
    })
    .superRefine((value, ctx) => {
      if ((value.ids === undefined) === (value.filter === undefined)) {
        ctx.addIssue({ code: 'custom', path: ['ids'], message: 'give exactly one of `ids` or `filter`' });
      }
      if (value.action === 'resolve' && value.note === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['note'],
          message: 'is required to resolve: say why the entries are closed',
        });
      }
    });
}

/** Body of `POST {base}/api/bulk-jobs`: a persistent background job over `ids` or every entry matching `filter`. */
export const bulkJobBodySchema = z
  .strictObject({
    action: z.enum(['retry', 'resolve'], { error: 'must be "retry" or "resolve"' }),
    ids: z
      .array(idSchema)
      .min(1, 'must list at least one id')
      .max(100_000, 'must list at most 100000 ids')
      .optional(),
    filter: bulkFilterSchema.optional(),
    note: note.optional(),
    canary: z
      .number()
      .int()
      .min(0, 'must be between 0 and 1000')
      .max(1000, 'must be between 0 and 1000')
      .optional(),
    stopAfterFailures: z
      .number()
      .int()
      .min(1, 'must be between 1 and 100000')
      .max(100_000, 'must be between 1 and 100000')
      .optional(),
  })
  .superRefine((value, ctx) => {
    if ((value.ids === undefined) === (value.filter === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['ids'], message: 'give exactly one of `ids` or `filter`' });
    }
    if (value.action === 'resolve' && value.note === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['note'],
        message: 'is required to resolve: say why the entries are closed',
      });
    }
  });

/** Body of `POST {base}/api/incidents/:fingerprint/mute`: for how long (1 minute to 30 days). */
export const muteBodySchema = z.strictObject({
  forMs: z
    .number()
    .int()
    .min(60_000, 'must be between 1 minute and 30 days (in ms)')
    .max(30 * 86_400_000, 'must be between 1 minute and 30 days (in ms)'),
});

/** Body of the other incident actions: an optional note. */
export const incidentBodySchema = z.strictObject({ note: note.optional() });
