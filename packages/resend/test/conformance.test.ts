import { mailerSuite } from '@lifeline/testing';
import { Resend } from 'resend';
import { afterAll, describe, expect, test } from 'vitest';
import { resendMailer } from '../src/index';
import { type ResendStandIn, startResendStandIn } from './resend-stand-in';

const standIns: ResendStandIn[] = [];
afterAll(() => Promise.all(standIns.map((s) => s.close())));

// The Mailer contract, with the real resend SDK against a stand-in for Resend's API on 127.0.0.1;
// the probe reads what the stand-in accepted, not what the mailer says.
mailerSuite({ describe, expect, test }, async () => {
  const standIn = await startResendStandIn();
  standIns.push(standIn);
  return {
    mailer: resendMailer({
      client: new Resend('re_test_key', { baseUrl: standIn.url }),
      from: 'Shop <orders@example.com>',
    }),
    delivered: standIn.delivered,
  };
});
