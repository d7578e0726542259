import path from 'node:path';
import { type Alerter, consoleAlerter, type Logger, type Mailer } from '@lifeline/core';
import { resendMailer } from '@lifeline/resend';
import { slackAlerter } from '@lifeline/slack';
import { Resend } from 'resend';
import type { AppEnv } from './env';
import { fileMailer } from './file-mailer';

/** Where emails go, and a word for it on the storefront. */
export function chooseMailer(env: AppEnv): { mailer: Mailer; label: string } {
  if (env.RESEND_API_KEY) {
    return {
      mailer: resendMailer({ client: new Resend(env.RESEND_API_KEY), from: env.MAIL_FROM }),
      label: 'Resend',
    };
  }
  const dir = path.resolve(env.LIFELINE_DATA_DIR, 'mail');
  const failing =
    env.LIFELINE_FAKE_MAILER_FAIL === 'never' ? '' : `, failing: ${env.LIFELINE_FAKE_MAILER_FAIL}`;
  return {
    mailer: fileMailer({ dir, from: env.MAIL_FROM, fail: env.LIFELINE_FAKE_MAILER_FAIL }),
    label: `files in ${dir}${failing}`,
  };
}

/** Who hears about failures: Slack when a webhook URL is set, else one log line per alert. */
export function chooseAlerter(env: AppEnv, logger: Logger): { alerter: Alerter; label: string } {
  if (env.SLACK_WEBHOOK_URL) {
    return {
      alerter: slackAlerter({
        webhookUrl: env.SLACK_WEBHOOK_URL,
        channelLabel: `next-checkout · ${new URL(env.APP_URL).host}`,
        adminUrl: `${env.APP_URL}/admin/failed-operations`,
        logger,
      }),
      label: 'Slack',
    };
  }
  return { alerter: consoleAlerter({ logger }), label: 'server log' };
}
