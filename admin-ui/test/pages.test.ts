import { describe, expect, it } from 'vitest';
import { Api, nextAfter } from '../src/lib/api';

describe('pages', () => {
  it('reads the next cursor from the Link header', () => {
    expect(nextAfter('</api/plans?status=DRAFT&limit=2&after=pl-abc>; rel="next"')).toBe('pl-abc');
    expect(nextAfter(null)).toBeNull();
    expect(nextAfter('</api/plans?limit=2>; rel="prev"')).toBeNull();
  });

  it('follows the pages of a list until the last', async () => {
    const asked: string[] = [];
    const fake: typeof fetch = async (input) => {
      const url = String(input);
      asked.push(url);
      const after = new URL(url, 'http://x').searchParams.get('after');
      const body = after === null ? [{ id: 'a' }, { id: 'b' }] : [{ id: 'c' }];
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (after === null) headers['Link'] = '</api/plans?limit=500&after=b>; rel="next"';
      return new Response(JSON.stringify(body), { status: 200, headers });
    };
    const api = new Api({ fetch: fake });
    const plans = await api.listAllPlans(['DRAFT', 'ACTIVE']);
    expect(plans.map((p) => p.id)).toEqual(['a', 'b', 'c']);
    expect(asked[0]).toContain('status=DRAFT%2CACTIVE');
    expect(asked[1]).toContain('after=b');
  });
});
