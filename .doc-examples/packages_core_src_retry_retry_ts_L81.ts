// packages/core/src/retry/retry.ts:81
import { retry } from '@lifeline/core';
const url = 'https://api.example.com/orders/42';
const body = await retry(async ({ signal }) => {
  const res = await fetch(url, { signal });
  if (!res.ok) throw Object.assign(new Error(res.statusText), { status: res.status, headers: res.headers });
  return res.json();
}, { attempts: 5, timeoutMs: 10_000, backoff: { initialMs: 500 } });

export {};
