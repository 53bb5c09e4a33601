import { describe, expect, it } from 'vitest';
import { Api } from '../src/lib/api';

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

function unauthorized(): Response {
  return new Response(JSON.stringify({ type: 'about:blank', title: 'Unauthorized', status: 401 }), {
    status: 401,
    headers: { 'Content-Type': 'application/problem+json' },
  });
}

/**
 * A server whose logins hand out the tokens in order and whose plan lists wait until the test
 * answers them: the answer of a request can then arrive after a logout and the next login.
 */
function server(tokens: string[]) {
  const pending: { token: string | null; answer: (r: Response) => void }[] = [];
  const fake: typeof fetch = async (input, init) => {
    const url = String(input);
    if (url.endsWith('/api/auth/login')) {
      return json({ token: tokens.shift(), username: 'u', roles: ['TRADER'] });
    }
    if (url.endsWith('/api/auth/logout')) {
      return new Response(null, { status: 204 });
    }
    const token = new Headers(init?.headers).get('Authorization');
    return new Promise<Response>((answer) => pending.push({ token, answer }));
  };
  return { fake, pending };
}

/** The first request the server holds. */
function first<T>(pending: T[]): T {
  const p = pending[0];
  if (p === undefined) throw new Error('no request reached the server');
  return p;
}

describe('a 401 ends the session whose token it refused, never the next one', () => {
  it('a request of the previous user refused after the next login leaves the new session alone', async () => {
    const { fake, pending } = server(['token-oscar', 'token-alice']);
    let ended = 0;
    const api = new Api({ fetch: fake, onUnauthorized: () => ended++ });
    await api.login('oscar', 'pw');
    const stale = api.listPlans(['ACTIVE'], 10);
    await api.logout();
    await api.login('alice', 'pw');

    expect(first(pending).token).toBe('Bearer token-oscar');
    first(pending).answer(unauthorized());
    await expect(stale).rejects.toMatchObject({ status: 401 });

    expect(ended).toBe(0);
    expect(api.authenticated).toBe(true);
    expect(api.bearerToken).toBe('token-alice');
  });

  it('a 401 of the current token ends the session once', async () => {
    const { fake, pending } = server(['token-alice']);
    let ended = 0;
    const api = new Api({ fetch: fake, onUnauthorized: () => ended++ });
    await api.login('alice', 'pw');
    const call = api.listPlans(['ACTIVE'], 10);
    await Promise.resolve();
    first(pending).answer(unauthorized());
    await expect(call).rejects.toMatchObject({ status: 401 });

    expect(ended).toBe(1);
    expect(api.authenticated).toBe(false);
  });
});
