import { describe, expect, it } from 'vitest';
import { Api } from '../src/lib/api';
import { ApiError, problemFromResponse } from '../src/lib/problem';

function problem(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/problem+json', ...headers },
  });
}

describe('problemFromResponse', () => {
  it('lists every invalid field of a 422, in order, grouped by field', async () => {
    const e = await problemFromResponse(
      problem(422, {
        type: 'urn:tradeplan:problem:validation',
        title: 'Unprocessable Entity',
        status: 422,
        detail: '3 invalid field(s)',
        errors: [
          { field: 'entry.price', message: 'must be a multiple of the tick size 0.01' },
          { field: 'stops[1].activateAt', message: 'must be above the stop price for a LONG' },
          { field: 'entry.price', message: 'must be greater than 0' },
        ],
      }),
    );
    expect(e.status).toBe(422);
    expect(e.type).toBe('urn:tradeplan:problem:validation');
    expect(e.fieldErrors.map((f) => f.field)).toEqual(['entry.price', 'stops[1].activateAt', 'entry.price']);
    expect(e.byField().get('entry.price')).toEqual([
      'must be a multiple of the tick size 0.01',
      'must be greater than 0',
    ]);
    expect(e.message).toBe('3 fields are invalid.');
  });

  it('uses the detail of a 4xx problem without field errors', async () => {
    const e = await problemFromResponse(
      problem(409, { type: 'urn:tradeplan:problem:refused', status: 409, detail: 'the plan is not a DRAFT' }),
    );
    expect(e.message).toBe('the plan is not a DRAFT');
    expect(e.fieldErrors).toEqual([]);
  });

  it('never shows a stack trace or a 5xx detail', async () => {
    const trace = 'java.lang.NullPointerException: x\n\tat com.tradeplan.Foo.bar(Foo.java:12)';
    const e = await problemFromResponse(problem(500, { status: 500, detail: trace }));
    expect(e.message).toBe('The server had an unexpected error.');
    const e2 = await problemFromResponse(problem(400, { status: 400, detail: trace }));
    expect(e2.message).toBe('The request was not understood.');
    const e3 = await problemFromResponse(
      problem(422, { status: 422, errors: [{ field: 'symbol', message: trace }, { field: 'side', message: 'is required' }] }),
    );
    expect(e3.fieldErrors).toEqual([{ field: 'side', message: 'is required' }]);
  });

  it('ignores bodies that are not JSON (HTML error pages, proxies)', async () => {
    const html = new Response('<html><body><pre>Whitelabel Error Page ... at org.apache</pre></body></html>', {
      status: 502,
      headers: { 'Content-Type': 'text/html' },
    });
    const e = await problemFromResponse(html);
    expect(e.message).toBe('The server is not reachable right now.');
  });

  it('reads Retry-After of a rate limit', async () => {
    const e = await problemFromResponse(problem(429, { status: 429, detail: 'slow down' }, { 'Retry-After': '3' }));
    expect(e.retryAfterSeconds).toBe(3);
    expect(e.message).toBe('slow down');
  });

  it('bounds a very long detail', async () => {
    const e = await problemFromResponse(problem(400, { status: 400, detail: 'x'.repeat(5000) }));
    expect(e.message.length).toBeLessThanOrEqual(301);
  });
});

describe('Api', () => {
  it('sends the bearer token, an Idempotency-Key per command, and maps a 422', async () => {
    const seen: { url: string; headers: Record<string, string>; body?: string }[] = [];
    const fake: typeof fetch = async (input, init) => {
      const headers = (init?.headers ?? {}) as Record<string, string>;
      seen.push({ url: String(input), headers, body: init?.body as string | undefined });
      if (String(input).endsWith('/api/auth/login')) {
        return new Response(JSON.stringify({ token: 't0k', username: 'alice', roles: ['TRADER'] }), {
          status: 200,
          headers: { 'Content-Type': 'application/json' },
        });
      }
      return problem(422, { status: 422, errors: [{ field: 'quantity', message: 'must be an integer > 0' }] });
    };
    const api = new Api({ fetch: fake });
    await api.login('alice', 'pw');
    await expect(api.command('p1', 'activate', 'key-1')).rejects.toBeInstanceOf(ApiError);
    await expect(api.command('p1', 'activate')).rejects.toMatchObject({
      status: 422,
      fieldErrors: [{ field: 'quantity', message: 'must be an integer > 0' }],
    });
    expect(seen[0]?.headers['Authorization']).toBeUndefined();
    expect(seen[1]?.headers['Authorization']).toBe('Bearer t0k');
    expect(seen[1]?.headers['Idempotency-Key']).toBe('key-1');
    expect(seen[2]?.headers['Idempotency-Key']).toMatch(/^[A-Za-z0-9_.:-]{1,128}$/);
    expect(seen[2]?.headers['Idempotency-Key']).not.toBe('key-1');
  });

  it('retries a command after a network failure with the same Idempotency-Key', async () => {
    const keys: string[] = [];
    let calls = 0;
    const fake: typeof fetch = async (_input, init) => {
      keys.push((init?.headers as Record<string, string>)['Idempotency-Key'] ?? '');
      calls++;
      if (calls === 1) {
        throw new TypeError('network down');
      }
      return new Response(JSON.stringify({ id: 'p1', status: 'ACTIVE' }), {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
      });
    };
    const api = new Api({ fetch: fake });
    const plan = await api.command('p1', 'activate');
    expect(plan.status).toBe('ACTIVE');
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
  });

  it('forgets the token and tells the app on a 401', async () => {
    let told = 0;
    const fake: typeof fetch = async (input) =>
      String(input).endsWith('/login')
        ? new Response(JSON.stringify({ token: 't' }), { status: 200, headers: { 'Content-Type': 'application/json' } })
        : problem(401, { status: 401, detail: 'expired' });
    const api = new Api({ fetch: fake, onUnauthorized: () => told++ });
    await api.login('a', 'b');
    await expect(api.listPlans([], 100)).rejects.toMatchObject({ status: 401 });
    expect(told).toBe(1);
    expect(api.authenticated).toBe(false);
  });
});
