// docs/concepts.md:139
import { retry } from '@lifeline/core';
const config = await retry(
  async ({ signal }) => {
    const response = await fetch('https://config.example.com/shop.json', { signal });
    if (!response.ok) throw Object.assign(new Error(response.statusText), { status: response.status });
    return response.json();
  },
  { attempts: 5, timeoutMs: 5_000, backoff: { initialMs: 500 } },
);

export {};
