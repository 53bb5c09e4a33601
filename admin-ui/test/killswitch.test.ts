import { describe, expect, it } from 'vitest';
import { Api } from '../src/lib/api';
import { describe as line, isOperator, ownScope, scopeError, wordsError } from '../src/lib/killswitch';

describe('kill switch', () => {
  it('lets a trader press their own user only and an operator any scope', () => {
    expect(isOperator(['TRADER'])).toBe(false);
    expect(isOperator(['OPERATOR'])).toBe(true);
    expect(ownScope('alice')).toBe('user:alice');
  });

  it('checks the scope and the words before sending', () => {
    expect(scopeError('global')).toBeNull();
    expect(scopeError('account:DU123')).toBeNull();
    expect(scopeError('user:alice')).toBeNull();
    for (const bad of ['', 'all', 'user:', 'user:a b', 'desk:x']) {
      expect(scopeError(bad)).not.toBeNull();
    }
    expect(wordsError('  ', 'why')).toBe('Say why.');
    expect(wordsError('x'.repeat(501), 'why')).toContain('500');
    expect(wordsError('desk closed', 'why')).toBeNull();
  });

  it('shows the scope, the reason, who and since when', () => {
    expect(
      line({ scope: 'global', reason: 'OPERATOR', words: 'desk closed', actor: 'oscar', since: 't', flatten: true }),
    ).toBe('global: desk closed (by oscar since t, flattened)');
    expect(
      line({ scope: 'user:bob', reason: 'DAILY_LOSS_LIMIT', words: '-5000', actor: 'limits', since: 't', flatten: false }),
    ).toBe('user:bob: daily loss limit: -5000 (by limits since t)');
  });

  it('engages and releases through the API with the reason and the why', async () => {
    const sent: { url: string; body: unknown }[] = [];
    const fake: typeof fetch = async (input, init) => {
      sent.push({ url: String(input), body: init?.body ? JSON.parse(String(init.body)) : null });
      return new Response(JSON.stringify({ engaged: [], stored: true }), {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
      });
    };
    const api = new Api({ fetch: fake });
    await api.engageKillSwitch('user:alice', ' stepping away ', true);
    await api.releaseKillSwitch('user:alice', 'back');
    expect(sent[0]).toEqual({
      url: '/api/kill-switch/engage',
      body: { scope: 'user:alice', reason: 'stepping away', flatten: true },
    });
    expect(sent[1]).toEqual({
      url: '/api/kill-switch/release',
      body: { scope: 'user:alice', why: 'back', reason: 'OPERATOR' },
    });
  });
});
