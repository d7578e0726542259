import { smsSenderSuite } from '@lifeline/testing';
import twilio from 'twilio';
import { afterAll, describe, expect, test } from 'vitest';
import { twilioHttpClient, twilioSmsSender } from '../src/index';
import { startTwilioStandIn, type TwilioStandIn } from './twilio-stand-in';

const standIns: TwilioStandIn[] = [];
afterAll(() => Promise.all(standIns.map((s) => s.close())));

// The SmsSender contract, with the real twilio SDK against a stand-in for Twilio's Messages API on
// 127.0.0.1; the probe reads what the stand-in created, not what the sender says.
smsSenderSuite({ describe, expect, test }, async () => {
  const standIn = await startTwilioStandIn();
  standIns.push(standIn);
  const client = twilio('AC00000000000000000000000000000001', 'test_auth_token', {
    httpClient: twilioHttpClient({ baseUrl: standIn.url }),
  });
  return { sms: twilioSmsSender({ client, from: '+14155550199' }), delivered: standIn.delivered };
});
