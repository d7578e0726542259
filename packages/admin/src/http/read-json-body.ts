import type { z } from 'zod';
import { errorResponse } from './responses';
import { type Parsed, parseInput } from './validation';

/** The largest request body the admin API reads; larger bodies get 413. */
export const MAX_BODY_BYTES = 64 * 1024;

/** True when the Content-Type is JSON (`application/json`, optionally with parameters such as charset). */
export function isJsonContentType(value: string | null): boolean {
  if (!value) return false;
  const type = value.split(';')[0]!.trim().toLowerCase();
  return type === 'application/json';
}

/**
 * Reads a JSON body and validates it. Only `application/json` is accepted (415 otherwise): browsers
 * cannot send it cross-site without a CORS preflight, which this handler never grants. An empty body
 * counts as `{}`. Bodies over {@link MAX_BODY_BYTES} get 413, malformed JSON 400.
 */
export async function readJsonBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  subject: string,
): Promise<Parsed<z.output<S>>> {
  if (!isJsonContentType(request.headers.get('content-type'))) {
    const received = request.headers.get('content-type') ?? '(none)';
    const response = errorResponse(
      415,
      `Request bodies must be JSON: send Content-Type: application/json (received ${received})`,
    );
    return { ok: false, response, issues: [] };
  }
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) {
    return {
      ok: false,
      response: errorResponse(413, `Request body too large: at most ${MAX_BODY_BYTES} bytes`),
      issues: [],
    };
  }
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > MAX_BODY_BYTES) {
    return {
      ok: false,
      response: errorResponse(413, `Request body too large: at most ${MAX_BODY_BYTES} bytes`),
      issues: [],
    };
  }
  const text = new TextDecoder().decode(bytes).trim();
  let input: unknown = {};
  if (text !== '') {
    try {
      input = JSON.parse(text);
    } catch (error) {
      const issues = [{ field: '(root)', message: `is not valid JSON: ${(error as Error).message}` }];
      return {
        ok: false,
        response: errorResponse(400, `Invalid ${subject}: body is not valid JSON`, { issues }),
        issues,
      };
    }
  }
  return parseInput(schema, subject, input);
}
