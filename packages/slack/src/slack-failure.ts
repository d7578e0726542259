/** What went wrong with one POST, and whether another try can help. */
export interface SlackFailure {
  retryable: boolean;
  /** HTTP status, when Slack answered. */
  status: number | undefined;
  /** Slack's error body (`no_service`, `rate_limited`, ...) or the request error's message. */
  code: string;
  /** What it means, for the admin reading the log. */
  explanation: string;
}

const EXPLAIN: Record<string, string> = {
  no_service:
    'the incoming webhook was removed or the Slack app uninstalled; create a new webhook and update the URL',
  invalid_token: 'the webhook token is invalid or was revoked; create a new webhook and update the URL',
  channel_not_found: "the webhook's channel no longer exists; create a webhook for another channel",
  channel_is_archived:
    "the webhook's channel is archived; unarchive it or create a webhook for another channel",
  action_prohibited: 'a workspace admin restricted posting to this channel',
  posting_to_general_channel_denied: 'only admins may post to this channel',
  team_disabled: 'the Slack workspace was disabled',
  no_team: 'the Slack workspace no longer exists',
  user_not_found: 'the user that created the webhook no longer exists',
  invalid_payload: 'Slack rejected the message format',
  invalid_blocks: 'Slack rejected the message blocks',
  invalid_attachments: 'Slack rejected the message attachments',
  no_text: 'the message had no text',
  rate_limited: 'Slack is rate limiting this webhook',
};

/** Body codes that mean "this message's format", not "this URL": worth one plain-text retry. */
export const FORMAT_CODES = new Set([
  'invalid_payload',
  'invalid_blocks',
  'invalid_attachments',
  'invalid_blocks_format',
]);

/**
 * Classifies an error thrown by `IncomingWebhook.send`: 429, 408 and 5xx and request errors
 * (network, timeout) are retryable; any other HTTP status is permanent.
 */
export function classifySlackFailure(error: unknown): SlackFailure {
  const e = error as { statusCode?: unknown; body?: unknown; message?: unknown } | null;
  if (e && typeof e.statusCode === 'number') {
    const status = e.statusCode;
    const code = typeof e.body === 'string' && e.body.trim() ? e.body.trim().slice(0, 200) : `http_${status}`;
    const retryable = status === 429 || status === 408 || status >= 500;
    const explanation =
      EXPLAIN[code] ?? (retryable ? 'Slack is having trouble' : `Slack answered HTTP ${status}`);
    return { retryable, status, code, explanation };
  }
  const message = e && typeof e.message === 'string' ? e.message : String(error);
  return {
    retryable: true,
    status: undefined,
    code: 'request_error',
    explanation: `could not reach Slack (${message})`,
  };
}
