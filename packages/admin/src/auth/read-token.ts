import { readCookie } from '../http/cookies';
import { bearerFromHeader } from './authorizer';

/** Where a token came from, for messages. */
export interface FoundToken {
  token: string;
  source: 'authorization header' | `cookie ${string}`;
}

/** The request's token: the `Authorization: Bearer` header first, then the first of `cookieNames` present. */
export function readToken(request: Request, cookieNames: readonly string[]): FoundToken | undefined {
  const fromHeader = bearerFromHeader(request);
  if (fromHeader) return { token: fromHeader, source: 'authorization header' };
  for (const name of cookieNames) {
    const value = readCookie(request, name);
    if (value) return { token: value, source: `cookie ${name}` };
  }
  return undefined;
}
