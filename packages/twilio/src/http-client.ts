import { AsyncLocalStorage } from 'node:async_hooks';
import twilio from 'twilio';

type RequestOptions<TData> = Parameters<twilio.RequestClient['request']>[0] & { data?: TData };

/** @internal What one send shares with the HTTP client below it: its signal, and what came back. */
export interface RequestScope {
  /** Aborts the HTTP request (handed to axios, which closes the socket). */
  signal?: AbortSignal;
  /** Set when an HTTP answer arrived (any status): its status and headers, e.g. `retry-after`. */
  response?: { statusCode: number; headers: Record<string, unknown> };
}

/** @internal The scope of the send running in this async context (AsyncLocalStorage, so concurrent sends never mix). */
export const requestScope = new AsyncLocalStorage<RequestScope>();

/** Options of {@link twilioHttpClient}. */
export interface TwilioHttpClientOptions {
  /**
   * Sends every request to this origin instead of Twilio's (`https://api.twilio.com` and the other
   * product hosts), keeping the path: for a local stand-in in tests or an egress proxy. No trailing slash.
   */
  baseUrl?: string;
  /** Per-request timeout in milliseconds (the SDK's default is 30 s). A timed-out send is retryable. */
  timeoutMs?: number;
}

/** The SDK's own HTTP client (axios), made abortable and able to report status and headers to the sender. */
class LifelineRequestClient extends twilio.RequestClient {
  readonly #baseUrl: URL | undefined;

  constructor(options: TwilioHttpClientOptions) {
    super({ timeout: options.timeoutMs });
    this.#baseUrl = options.baseUrl === undefined ? undefined : new URL(options.baseUrl);
    // Runs inside the send's async context: the send's signal reaches axios, which aborts the socket.
    this.axios.interceptors.request.use((config) => {
      const signal = requestScope.getStore()?.signal;
      if (signal) config.signal = signal;
      return config;
    });
  }

  override async request<TData>(opts: RequestOptions<TData>) {
    const uri = this.#baseUrl ? this.#rebase(opts.uri) : opts.uri;
    const response = await super.request<TData>({ ...opts, uri });
    const scope = requestScope.getStore();
    if (scope) scope.response = { statusCode: response.statusCode, headers: response.headers ?? {} };
    return response;
  }

  #rebase(uri: string): string {
    const target = new URL(uri);
    const base = this.#baseUrl as URL;
    target.protocol = base.protocol;
    target.host = base.host;
    return target.href;
  }
}

/**
 * A Twilio `httpClient` for `new Twilio(sid, token, { httpClient })`: the SDK's own `RequestClient` (axios,
 * Basic auth, form encoding), plus what `twilioSmsSender` needs and the SDK lacks: the attempt's abort
 * signal closes the request, the status and headers of an error answer (`Retry-After`) reach the error
 * classification (the SDK's `RestException` drops headers), and `baseUrl` points the SDK at another origin.
 * Without it, `twilioSmsSender` still works, but cannot abort a hung request before the SDK's own timeout
 * and always waits its default on a rate limit.
 *
 * @example
 * ```ts
 * import twilio from 'twilio';

type RequestOptions<TData> = Parameters<twilio.RequestClient['request']>[0] & { data?: TData };
 * const client = twilio(process.env.TWILIO_ACCOUNT_SID, process.env.TWILIO_AUTH_TOKEN, {
 *   httpClient: twilioHttpClient({ timeoutMs: 10_000 }),
 * });
 * ```
 */
export function twilioHttpClient(options: TwilioHttpClientOptions = {}): twilio.RequestClient {
  if (options.baseUrl !== undefined && !URL.canParse(options.baseUrl)) {
    throw new TypeError(
      `twilioHttpClient: baseUrl must be an absolute URL, got ${JSON.stringify(options.baseUrl)}`,
    );
  }
  return new LifelineRequestClient(options);
}
