import { webhookEndpointStoreSuite } from '@lifeline/testing';
import { memoryEndpointStore } from '@lifeline/webhooks';
import { describe, expect, test } from 'vitest';

webhookEndpointStoreSuite({ describe, expect, test }, () => memoryEndpointStore());
