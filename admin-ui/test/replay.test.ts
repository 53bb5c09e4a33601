import { describe, expect, it } from 'vitest';
import { Api } from '../src/lib/api';
import { describeEvent, describeJob, divergenceLine, isReplay, replayBody, replays, reproduced, reproducedLine, type ReplayEvent, type ReplayReportJson } from '../src/lib/replay';

const ev = (over: Partial<ReplayEvent>): ReplayEvent => ({
  time: '2026-12-04T15:02:11Z',
  type: 'ORDER',
  role: null,
  index: null,
  side: null,
  quantity: null,
  price: null,
  orderStatus: null,
  rule: null,
  reason: null,
  ...over,
});

function report(): ReplayReportJson {
  const entry = ev({ type: 'ORDER', role: 'ENTRY', side: 'BUY', quantity: 100, rule: 'Entry is triggered' });
  const fill = ev({ type: 'FILL', role: 'ENTRY', side: 'BUY', quantity: 100, price: '101.10' });
  const target = ev({ type: 'ORDER', role: 'TARGET', index: 0, side: 'SELL', quantity: 50, rule: 'A target is reached' });
  const stop = ev({ type: 'ORDER', role: 'STOP', side: 'SELL', quantity: 90, rule: 'A triggered stop exits every uncovered share' });
  const divergence = { plan: 'p1', eventIndex: 2, time: '2026-12-04T15:02:11Z', rule: 'A target is reached', actedFirst: 'live' as const, live: target, replay: stop };
  return {
    kind: 'replay',
    owner: 'alice',
    from: '2026-12-04T14:30:00Z',
    to: '2026-12-04T21:00:00Z',
    rules: 'version 3',
    complete: true,
    identical: false,
    summary: 'the replay parts from the live run at 2026-12-04T15:02:11Z, plan p1, event 2: ...',
    problems: [],
    firstDivergence: divergence,
    orders: { live: 3, replay: 3, firstDifference: 1 },
    reportsHeld: 2,
    linkChanges: [],
    plans: [
      { plan: 'p1', identical: false, divergence, live: [entry, fill, target, fill], replayed: [entry, fill, stop] },
      { plan: 'p2', identical: true, live: [entry, fill], replayed: [entry, fill] },
    ],
  };
}

describe('incident replay in the UI', () => {
  it('asks for the whole recording without a day, a UTC day alone, or a window of it', () => {
    expect(replayBody({ user: ' alice ', day: '', fromTime: '', toTime: '', version: '' })).toEqual({
      body: { user: 'alice', from: null, to: null, ruleVersion: null },
    });
    expect(replayBody({ user: 'alice', day: '2026-12-31', fromTime: '', toTime: '', version: '3' })).toEqual({
      body: { user: 'alice', from: '2026-12-31T00:00:00Z', to: '2027-01-01T00:00:00Z', ruleVersion: 3 },
    });
    expect(replayBody({ user: 'alice', day: '2026-12-04', fromTime: '14:30', toTime: '21:00:30', version: '' })).toEqual({
      body: { user: 'alice', from: '2026-12-04T14:30:00Z', to: '2026-12-04T21:00:30Z', ruleVersion: null },
    });
  });

  it('names every bad field of the form before asking the server', () => {
    const r = replayBody({ user: ' ', day: '', fromTime: '14:30', toTime: '', version: '' });
    expect('errors' in r && [...r.errors.keys()]).toEqual(['user', 'from']);
    const back = replayBody({ user: 'a', day: '2026-12-04', fromTime: '15:00', toTime: '14:00', version: '' });
    expect('errors' in back && back.errors.get('to')).toBe('The end must not be before the start.');
    const bad = replayBody({ user: 'a', day: '2026-12-04', fromTime: '9h', toTime: '', version: '' });
    expect('errors' in bad && bad.errors.get('from')).toMatch(/HH:MM/);
    expect('errors' in replayBody({ user: 'a', day: '4.12.2026', fromTime: '', toTime: '', version: '' })).toBe(true);
  });

  it('counts the live events reproduced up to each plan\'s divergence and words the first one', () => {
    const r = report();
    expect(reproduced(r.plans[0]!)).toEqual({ same: 2, live: 4 });
    expect(reproduced(r.plans[1]!)).toEqual({ same: 2, live: 2 });
    expect(reproducedLine(r)).toBe('4 of 6 live events reproduced; 1 of 2 plans identical');
    expect(divergenceLine(r)).toBe(
      "The replay parts from the live run at 2026-12-04T15:02:11Z, plan p1, event 2, by rule 'A target is reached' (the live run acted first).",
    );
    expect(describeEvent(r.firstDivergence?.live)).toBe("ORDER TARGET 0 SELL 50 by rule 'A target is reached'");
    expect(describeEvent(r.plans[0]!.live[1])).toBe('FILL ENTRY BUY 100 @ 101.10');
    expect(describeEvent(null)).toBe('no event');
    const same = { ...report(), identical: true, firstDivergence: undefined, plans: [r.plans[1]!] };
    expect(divergenceLine(same)).toBeNull();
    expect(reproducedLine(same)).toBe('2 of 2 live events reproduced; 1 of 1 plans identical');
  });

  it('sends the replay to the API and reads its job and report', async () => {
    const urls: string[] = [];
    const bodies: unknown[] = [];
    const api = new Api({
      fetch: async (input, init) => {
        urls.push(String(input));
        if (init?.body) bodies.push(JSON.parse(String(init.body)));
        const body = String(input).endsWith('/report.json') ? report() : { id: 'r 1', status: 'DONE', ticksDone: 9, ticksTotal: 9 };
        return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
      },
    });
    const job = await replays.submit(api, { user: 'alice', from: null, to: null, ruleVersion: 2 });
    expect(job.ticksTotal).toBe(9);
    expect(bodies[0]).toEqual({ user: 'alice', from: null, to: null, ruleVersion: 2 });
    await replays.job(api, 'r 1');
    expect((await replays.report(api, 'r 1')).firstDivergence?.rule).toBe('A target is reached');
    expect(urls).toEqual(['/api/analysis/replays', '/api/analysis/replays/r%201', '/api/analysis/replays/r%201/report.json']);
  });

  it('names a replay job in the job list by its user and rules, and a run as before', () => {
    const job = (request: Record<string, unknown>) => ({ id: 'j', owner: 'ana', status: 'DONE' as const, createdAt: '', finishedAt: null, ticksDone: 0, ticksTotal: 0, message: null, request, statistics: null });
    expect(describeJob(job({ kind: 'replay', user: 'alice', ruleVersion: null }))).toBe('replay of alice, recorded versions');
    expect(describeJob(job({ kind: 'replay', user: 'alice', ruleVersion: 5 }))).toBe('replay of alice, version 5');
    expect(describeJob(job({ ruleVersion: 2, commission: 'ib-fixed' }))).toBe('version 2, ib-fixed');
    expect(describeJob(job({ ruleVersion: null, commission: 'none' }))).toBe('version deployed, none');
    expect(isReplay(job({ kind: 'replay', user: 'a' }))).toBe(true);
    expect(isReplay(job({ commission: 'none' }))).toBe(false);
  });
});
