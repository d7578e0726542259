import { alerterSuite } from '@lifeline/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { slackAlerter } from '../src/index';
import { type SlackStandIn, startSlackStandIn } from './slack-stand-in';

let slack: SlackStandIn;
beforeAll(async () => {
  slack = await startSlackStandIn();
});
afterAll(() => slack.close());

// The Alerter contract, with the real @slack/webhook client against a stand-in for Slack on
// 127.0.0.1; the probe decodes what the stand-in received, not what the alerter says it sent.
alerterSuite({ describe, expect, test }, async () => ({
  alerter: slackAlerter({ webhookUrl: slack.webhookUrl }),
  received: slack.received,
}));
