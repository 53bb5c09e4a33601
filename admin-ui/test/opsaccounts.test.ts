import { describe, expect, it } from 'vitest';
import { Api } from '../src/lib/api';
import { commissionBody, cursorFor, FIRST_PAGE, ownPlans, paged, problemText, type UserPaging } from '../src/lib/opsaccounts';
import { ApiError } from '../src/lib/problem';

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers } });

describe('users and accounts', () => {
  it('names each refused field with the server reason, else the problem sentence', async () => {
    const api = new Api({
      fetch: async () => json(422, { status: 422, detail: 'invalid', errors: [{ field: 'account', message: 'must be 1 to 32 letters or digits' }] }),
    });
    const e = await api.linkAccount('carol', 'DU 1').catch((x: unknown) => x);
    expect(problemText(e, 'x')).toBe('account: must be 1 to 32 letters or digits');
    expect(problemText(new ApiError(404, 'no such user'), 'x')).toBe('no such user');
    expect(problemText(new ApiError(409, 'y', [{ field: 'plan', message: 'a' }, { field: 'why', message: 'b' }]), 'x')).toBe('plan: a; why: b');
    expect(problemText(new Error('boom'), 'The server did not answer.')).toBe('The server did not answer.');
  });

  it('links with PUT and the trimmed code, unlinks with DELETE, the name encoded', async () => {
    const asked: string[] = [];
    const api = new Api({
      fetch: async (input, init) => {
        asked.push(`${init?.method} ${String(input)} ${init?.body ?? ''}`);
        return json(200, { username: 'a.b', roles: ['TRADER'], createdAt: 't', disabled: false, account: null });
      },
    });
    await api.linkAccount('a b', 'DU1');
    await api.linkAccount('a b', null);
    expect(asked).toEqual(['PUT /api/ops/users/a%20b/account {"account":"DU1"}', 'DELETE /api/ops/users/a%20b/account ']);
  });

  it('reads a page of users and the next cursor from the Link header', async () => {
    const api = new Api({
      fetch: async (input) => {
        const after = new URL(String(input), 'http://x').searchParams.get('after');
        return after === null
          ? json(200, [{ username: 'alice', account: 'DU1' }, { username: 'bob' }], { Link: '</api/ops/users?limit=2&after=bob>; rel="next"' })
          : json(200, [{ username: 'carol' }]);
      },
    });
    const first = await api.opsUsers(2, null);
    expect(first.users.map((u) => u.username)).toEqual(['alice', 'bob']);
    expect(first.next).toBe('bob');
    expect(first.users.map((u) => u.account)).toEqual(['DU1', null]);
    const second = await api.opsUsers(2, first.next);
    expect(second.users.map((u) => u.username)).toEqual(['carol']);
    expect(second.next).toBeNull();
  });

  it('pages forward and back through cursors, and re-reads the page shown', () => {
    let p: UserPaging = paged(FIRST_PAGE, 'same', 'bob');
    expect(cursorFor(p, 'previous')).toBeNull();
    expect(cursorFor(p, 'next')).toBe('bob');
    p = paged(p, 'next', 'dave');
    expect(p).toEqual({ after: 'bob', before: [null], next: 'dave' });
    p = paged(p, 'next', null);
    expect(p).toEqual({ after: 'dave', before: [null, 'bob'], next: null });
    expect(cursorFor(p, 'same')).toBe('dave');
    expect(cursorFor(p, 'next')).toBe('dave');
    expect(paged(p, 'next', null)).toEqual(p);
    p = paged(p, 'previous', 'dave');
    expect(p).toEqual({ after: 'bob', before: [null], next: 'dave' });
    p = paged(p, 'previous', 'bob');
    expect(p).toEqual({ after: null, before: [], next: 'bob' });
    expect(paged(p, 'previous', 'bob')).toEqual(p);
  });

  it('pages through any number of users exactly once each (seeded)', () => {
    let seed = 20261205;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let run = 0; run < 50; run++) {
      const names = Array.from({ length: Math.floor(rnd() * 60) }, (_, i) => `u${String(i).padStart(3, '0')}`);
      const size = 1 + Math.floor(rnd() * 10);
      const read = (after: string | null) => {
        const from = after === null ? 0 : names.indexOf(after) + 1;
        const page = names.slice(from, from + size);
        return { page, next: page.length === size ? page[page.length - 1]! : null };
      };
      let p = paged(FIRST_PAGE, 'same', read(null).next);
      const seen = [...read(null).page];
      while (p.next !== null) {
        const r = read(cursorFor(p, 'next'));
        p = paged(p, 'next', r.next);
        seen.push(...r.page);
      }
      expect(seen).toEqual(names);
      while (p.before.length > 0) p = paged(p, 'previous', read(cursorFor(p, 'previous')).next);
      expect(p.after).toBeNull();
    }
  });

  it('sends why only when given, and lists the accounts by code', () => {
    expect(commissionBody(' ib-fixed ', '  ')).toEqual({ plan: 'ib-fixed' });
    expect(commissionBody('ib-tiered:fees=0.003', ' fees ')).toEqual({ plan: 'ib-tiered:fees=0.003', why: 'fees' });
    const a = { plan: 'ib-fixed', source: 'account', setBy: 'oscar', setAt: 't' };
    expect(ownPlans({ platform: 'ib-fixed', accounts: [{ ...a, account: 'DU2' }, { ...a, account: 'DU1' }] }).map((p) => p.account)).toEqual(['DU1', 'DU2']);
  });
});
