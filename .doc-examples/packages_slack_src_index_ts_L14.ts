// packages/slack/src/index.ts:14
import { consoleAlerter } from '@lifeline/core';
import { slackAlerter } from '@lifeline/slack';

const alerter = process.env.SLACK_WEBHOOK_URL
  ? slackAlerter({ webhookUrl: process.env.SLACK_WEBHOOK_URL, channelLabel: 'checkout · production',
      adminUrl: 'https://shop.example.com/admin/failed-operations' })
  : consoleAlerter();
await alerter.alert({ severity: 'critical', title: 'Purchase email failed', message: 'Dead-lettered after 3 attempts',
  fields: { purchaseId: 'pur_123', userEmail: 'jane@example.com' }, dedupeKey: 'email-failed:pur_123' });

export {};
