// packages/testing/src/mailer-suite.ts:28
import { mailerSuite } from '@lifeline/testing';
import { memoryMailer } from '@lifeline/core';
import { describe, expect, test } from 'vitest';
// `delivered` reads the provider side (for Resend: a local HTTP stand-in that records each request).
mailerSuite({ describe, expect, test }, async () => {
  const mailer = memoryMailer(); // your mailer here
  return { mailer, delivered: async () => mailer.sent };
});

export {};
