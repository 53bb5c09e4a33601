import { describe, expect, it } from 'vitest';
import { API_BUSY, Api, BUSY_RETRIES } from '../src/lib/api';

/** A 503 as the server's admission control answers it: nothing was done, retry after `after` s. */
function busy(type = API_BUSY, after = '0'): Response {
  return new Response(JSON.stringify({ type, title: 'Service Unavailable', status: 503, detail: 'busy' }), {
    status: 503,
    headers: { 'Content-Type': 'application/problem+json', 'Retry-After': after },
  });
}

describe('admission control (503 api-busy)', () => {
  it('sends the same request again, key included, until the server admits it', async () => {
    const keys: (string | null)[] = [];
    let calls = 0;
    const fake: typeof fetch = async (_input, init) => {
      calls++;
      keys.push(new Headers(init?.headers).get('Idempotency-Key'));
      if (calls <= 2) return busy();
      return new Response(JSON.stringify({ engaged: [], stored: true }), {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
      });
    };
    const api = new Api({ fetch: fake });
    await api.engageKillSwitch('user:alice', 'test', false);
    expect(calls).toBe(3);
    expect(new Set(keys).size).toBe(1);
  });

  it('gives up after a few refusals and shows the last one', async () => {
    let calls = 0;
    const fake: typeof fetch = async () => {
      calls++;
      return busy();
    };
    const api = new Api({ fetch: fake });
    await expect(api.engageKillSwitch('user:alice', 'test', false)).rejects.toMatchObject({ status: 503, type: API_BUSY });
    expect(calls).toBe(BUSY_RETRIES + 1);
  });

  it('never repeats another 503: that one may have done something', async () => {
    let calls = 0;
    const fake: typeof fetch = async () => {
      calls++;
      return busy('urn:tradeplan:problem:store-unavailable');
    };
    const api = new Api({ fetch: fake });
    await expect(api.engageKillSwitch('user:alice', 'test', false)).rejects.toMatchObject({ status: 503 });
    expect(calls).toBe(1);
  });
});
