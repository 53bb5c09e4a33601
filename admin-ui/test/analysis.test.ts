import { describe, expect, it } from 'vitest';
import { Api } from '../src/lib/api';
import { analysis, commissionFields, figure, shortId, timeLeft } from '../src/lib/analysis';

describe('the analyst workbench in the UI', () => {
  it('says how long a job has left in seconds, then minutes and seconds', () => {
    expect(timeLeft(null)).toBe('');
    expect(timeLeft(1)).toBe('about 1 s left');
    expect(timeLeft(59_000)).toBe('about 59 s left');
    expect(timeLeft(185_000)).toBe('about 3 min 5 s left');
  });

  it('prices a job by an account\'s plan when one is named, else by the model', () => {
    expect(commissionFields('ib-fixed', '')).toEqual({ commission: 'ib-fixed', commissionAccount: null });
    expect(commissionFields('ib-fixed', '  ')).toEqual({ commission: 'ib-fixed', commissionAccount: null });
    expect(commissionFields('ib-fixed', ' DU7654321 ')).toEqual({ commission: null, commissionAccount: 'DU7654321' });
  });

  it('prints a figure that does not exist as a dash and names a job by 8 characters', () => {
    expect(figure(null)).toBe('—');
    expect(figure('247.00')).toBe('247.00');
    expect(figure(3)).toBe('3');
    expect(shortId('0123456789abcdef')).toBe('01234567');
  });

  it('sends a job to the API with its files as text and reads a report as text', async () => {
    const calls: { url: string; init: RequestInit | undefined }[] = [];
    const api = new Api({
      fetch: async (input, init) => {
        calls.push({ url: String(input), init });
        if (String(input).endsWith('/report')) return new Response('<h1>Simulation report</h1>', { status: 200 });
        return new Response(JSON.stringify({ id: 'j1', ticksTotal: 13 }), { status: 202, headers: { 'Content-Type': 'application/json' } });
      },
    });
    const job = await analysis.submit(api, {
      plansFile: 'p.json',
      plans: '[]',
      ticksFile: 't.csv',
      ticks: 'time,symbol,last\n',
      ruleVersion: 2,
      maxFillPerTick: null,
      commission: 'ib-fixed',
      latencyTicks: 1,
      gate: true,
    });
    expect(job.ticksTotal).toBe(13);
    expect(calls[0]?.url).toBe('/api/analysis/jobs');
    expect(JSON.parse(String(calls[0]?.init?.body))).toMatchObject({ ruleVersion: 2, commission: 'ib-fixed', latencyTicks: 1 });
    expect(await analysis.report(api, 'j1')).toBe('<h1>Simulation report</h1>');
    expect(calls[1]?.url).toBe('/api/analysis/jobs/j1/report');
  });
});
