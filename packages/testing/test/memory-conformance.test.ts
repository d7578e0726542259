import {
  inProcessQueue,
  memoryAlerter,
  memoryAlertStore,
  memoryBulkJobStore,
  memoryDeadLetterStore,
  memoryIdempotencyStore,
  memoryIncidentStore,
  memoryMailer,
  memoryOperationLog,
  memorySmsSender,
  memoryThrottleStore,
} from '@lifeline/core';
import { describe, expect, test } from 'vitest';
import {
  alerterSuite,
  alertStoreSuite,
  bulkJobStoreSuite,
  deadLetterStoreSuite,
  deadLetterTriageSuite,
  idempotencyStoreSuite,
  incidentStoreSuite,
  mailerSuite,
  operationLogSuite,
  queueSuite,
  smsSenderSuite,
  throttleStoreSuite,
} from '../src/index';

const runner = { describe, expect, test };

// A fresh store per test, and once more with one store shared by every test (as a database would be).
deadLetterStoreSuite(runner, () => memoryDeadLetterStore());
deadLetterTriageSuite(runner, () => memoryDeadLetterStore());
alertStoreSuite(runner, () => memoryAlertStore());
incidentStoreSuite(runner, () => memoryIncidentStore());
bulkJobStoreSuite(runner, () => memoryBulkJobStore());
idempotencyStoreSuite(runner, () => memoryIdempotencyStore());
operationLogSuite(runner, () => memoryOperationLog());
throttleStoreSuite(runner, () => memoryThrottleStore());
smsSenderSuite(runner, async () => {
  const sms = memorySmsSender();
  return { sms, delivered: async () => sms.sent };
});

describe('shared instances', () => {
  const deadLetters = memoryDeadLetterStore();
  const idempotency = memoryIdempotencyStore();
  const log = memoryOperationLog();
  const throttle = memoryThrottleStore();
  deadLetterStoreSuite(runner, () => deadLetters);
  deadLetterTriageSuite(runner, () => deadLetters);
  const alerts = memoryAlertStore();
  alertStoreSuite(runner, () => alerts);
  const incidents = memoryIncidentStore();
  incidentStoreSuite(runner, () => incidents);
  const bulkJobs = memoryBulkJobStore();
  bulkJobStoreSuite(runner, () => bulkJobs);
  idempotencyStoreSuite(runner, () => idempotency);
  operationLogSuite(runner, () => log);
  throttleStoreSuite(runner, () => throttle);
  const mailer = memoryMailer();
  mailerSuite(runner, async () => ({ mailer, delivered: async () => mailer.sent }));
  const sms = memorySmsSender();
  smsSenderSuite(runner, async () => ({ sms, delivered: async () => sms.sent }));
  const alerter = memoryAlerter();
  alerterSuite(runner, async () => ({ alerter, received: async () => alerter.alerts }));
});

mailerSuite(runner, async () => {
  const mailer = memoryMailer();
  return { mailer, delivered: async () => mailer.sent };
});
alerterSuite(runner, async () => {
  const alerter = memoryAlerter();
  return { alerter, received: async () => alerter.alerts };
});

queueSuite(runner, (clock) => inProcessQueue({ clock }));
queueSuite({ ...runner, describe: (name, fn) => describe(`${name} (concurrency 1)`, fn) }, (clock) =>
  inProcessQueue({ clock, concurrency: 1 }),
);
