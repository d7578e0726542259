import type { ResolvedAdminOptions } from './options';

/** What a route handler gets for an authorized request. */
export interface AdminContext {
  request: Request;
  url: URL;
  /** The acting admin's identity, recorded as `by` on every transition. */
  admin: string;
  options: ResolvedAdminOptions;
}
