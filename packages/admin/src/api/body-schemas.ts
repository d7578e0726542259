import { z } from 'zod';
import { checkRange, idSchema, kindSchema, nameSchema, statusSchema, timeBodySchema } from './query-schemas';

const note = z.string().trim().min(1, 'must not be empty').max(2000, 'must be at most 2000 characters');

/** Body of `POST …/:id/retry`: an optional note. */
export const retryBodySchema = z.strictObject({ note: note.optional() });

/** Body of `POST …/:id/resolve`: why it is closed without running (required, kept in the history). */
export const resolveBodySchema = z.strictObject({ note });

/** A filter in a bulk body; times as epoch ms or ISO strings. */
export const bulkFilterSchema = z
  .strictObject({
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
