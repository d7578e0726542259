import { addressAllowList, isNonPublicAddress } from '@lifeline/webhooks';
import { afterEach, describe, expect, test } from 'vitest';
import { deliveryHarness } from './harness';

let harness: Awaited<ReturnType<typeof deliveryHarness>> | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('address policy', () => {
  test.each([
    '127.0.0.1',
    '127.255.0.9',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '239.255.255.250',
    '255.255.255.255',
    '198.18.0.1',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    'fd12:3456::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '64:ff9b::10.0.0.1',
    'not-an-ip',
  ])('%s is not public', (address) => {
    expect(isNonPublicAddress(address)).toBe(true);
  });

  test.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])(
    '%s is public',
    (address) => {
      expect(isNonPublicAddress(address)).toBe(false);
    },
  );

  test('the allow-list takes addresses and CIDR ranges, and names a bad entry', () => {
    const allowed = addressAllowList(['127.0.0.1', '10.1.0.0/16', '::1']);
    expect([allowed('127.0.0.1'), allowed('10.1.9.9'), allowed('::1'), allowed('::ffff:127.0.0.1')]).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect([allowed('127.0.0.2'), allowed('10.2.0.1'), allowed('192.168.0.1')]).toEqual([
      false,
      false,
      false,
    ]);
    expect(() => addressAllowList(['10.0.0.0/33'])).toThrow(
      '"10.0.0.0/33" is not an IP address or CIDR range',
    );
  });
});

describe('SSRF guard on delivery (stand-in receiver on 127.0.0.1)', () => {
  test('by default a loopback target is refused: nothing is sent, the delivery is dead-lettered at once', async () => {
    harness = await deliveryHarness({ webhooks: { allowAddresses: [] } });
    await harness.publishAndSettle({ id: 'evt_ssrf_literal' });
    expect(harness.receiver.received).toHaveLength(0);
    const [letter] = (await harness.deadLetters.list()).items;
    expect(letter?.attempts).toBe(1);
    expect(letter?.error.message).toContain('resolves to 127.0.0.1, which is not a public address');
  });

  test('a host name resolving to loopback (localhost, system resolver) is refused', async () => {
    harness = await deliveryHarness({ webhooks: { allowAddresses: [] } });
    await harness.endpoints.register(
      { id: 'by-name', url: `http://localhost:${harness.receiver.port}/hooks` },
      harness.clock.now(),
    );
    await harness.endpoints.disable('acme', 'only the named endpoint in this test', harness.clock.now());
    await harness.publishAndSettle({ id: 'evt_ssrf_localhost' });
    expect(harness.receiver.received).toHaveLength(0);
    const [letter] = (await harness.deadLetters.list({ name: 'webhooks/partner/deliver' })).items;
    expect(letter?.error.message).toMatch(/webhook target localhost resolves to (127\.0\.0\.1|::1)/);
  });

  test('a host name whose DNS answer is private is refused, even when another answer is public', async () => {
    const asked: string[] = [];
    harness = await deliveryHarness({
      webhooks: {
        allowAddresses: [],
        resolve: async (host) => {
          asked.push(host);
          return [
            { address: '93.184.216.34', family: 4 },
            { address: '10.0.0.7', family: 4 },
          ];
        },
      },
    });
    await harness.endpoints.register(
      { id: 'rebind', url: 'http://partner.example/hooks' },
      harness.clock.now(),
    );
    await harness.endpoints.disable('acme', 'only the named endpoint in this test', harness.clock.now());
    await harness.publishAndSettle({ id: 'evt_ssrf_private_dns' });
    expect(asked).toEqual(['partner.example']);
    const [letter] = (await harness.deadLetters.list()).items;
    expect(letter?.error.message).toContain('webhook target partner.example resolves to 10.0.0.7');
  });

  test('with allowAddresses covering it, a host name resolving to 127.0.0.1 connects to the address checked', async () => {
    harness = await deliveryHarness({
      webhooks: { allowAddresses: ['127.0.0.1'], resolve: async () => [{ address: '127.0.0.1', family: 4 }] },
    });
    await harness.endpoints.register(
      { id: 'named', url: `http://partner.example:${harness.receiver.port}/named` },
      harness.clock.now(),
    );
    await harness.publishAndSettle({ id: 'evt_allowed' });
    expect(harness.receiver.received.map((d) => [d.path, d.headers.host, d.verifiedBy[0]]).sort()).toEqual([
      ['/hooks', `127.0.0.1:${harness.receiver.port}`, true],
      ['/named', `partner.example:${harness.receiver.port}`, false], // its own generated secret
    ]);
  });
});
