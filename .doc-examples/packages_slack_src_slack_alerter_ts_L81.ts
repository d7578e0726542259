// packages/slack/src/slack-alerter.ts:81
import { slackAlerter } from '@lifeline/slack';
const alerter = slackAlerter({ webhookUrl: process.env.SLACK_WEBHOOK_URL!, channelLabel: 'checkout · prod',
  adminUrl: 'https://shop.example.com/admin/failed-operations' });
await alerter.alert({ severity: 'critical', title: 'Purchase email failed', message: 'After 3 attempts', dedupeKey: 'email:pur_1' });

export {};
