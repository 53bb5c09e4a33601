import type { Api } from './api';
import type { JobView } from './analysis';

/**
 * Incident replay from the Analysis page (docs/simulator.md, "Incident replay"; docs/api.md
 * "Incident replay"): the window the form describes, the API calls, and what the page reads out of
 * a replay's report.json. The server replays and judges; this only asks and words the answer.
 */

export interface ReplayBody {
  user: string;
  from: string | null;
  to: string | null;
  ruleVersion: number | null;
}

export interface ReplayEvent {
  time: string | null;
  type: string;
  role: string | null;
  index: number | null;
  side: string | null;
  quantity: number | null;
  price: string | null;
  orderStatus: string | null;
  rule: string | null;
  reason: string | null;
}

export interface ReplayDivergence {
  plan: string;
  eventIndex: number;
  time: string | null;
  rule: string | null;
  actedFirst: 'live' | 'replay';
  live: ReplayEvent | null;
  replay: ReplayEvent | null;
}

export interface ReplayReportJson {
  kind: 'replay';
  owner: string;
  from: string | null;
  to: string | null;
  rules: string;
  complete: boolean;
  identical: boolean;
  summary: string;
  problems: string[];
  firstDivergence?: ReplayDivergence;
  orders: { live: number; replay: number; firstDifference: number | null };
  reportsHeld: number;
  linkChanges: string[];
  plans: { plan: string; identical: boolean; divergence?: ReplayDivergence; live: ReplayEvent[]; replayed: ReplayEvent[] }[];
}

/** What the form holds: a user, an optional UTC day with optional times, a version or ''. */
export interface ReplayForm {
  user: string;
  day: string;
  fromTime: string;
  toTime: string;
  version: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}(:\d{2})?$/;

/**
 * The request for the form: no day is the whole recording; a day alone is that UTC day (from its
 * midnight to the next); a time without a day is refused (it would not say which day). Returns the
 * body or the problems by field, in the API's field names.
 */
export function replayBody(f: ReplayForm): { body: ReplayBody } | { errors: Map<string, string> } {
  const errors = new Map<string, string>();
  const user = f.user.trim();
  if (user === '') errors.set('user', 'Whose recording: a user name is required.');
  const day = f.day.trim();
  const fromTime = f.fromTime.trim();
  const toTime = f.toTime.trim();
  let from: string | null = null;
  let to: string | null = null;
  if (day === '') {
    if (fromTime !== '' || toTime !== '') errors.set('from', 'Choose the day the times are on.');
  } else if (!DAY.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) {
    errors.set('from', 'The day must be a date such as 2026-12-04.');
  } else {
    from = instant(day, fromTime === '' ? '00:00' : fromTime, 'from', errors);
    to =
      toTime === ''
        ? new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().replace('.000Z', 'Z')
        : instant(day, toTime, 'to', errors);
    if (from !== null && to !== null && Date.parse(to) < Date.parse(from)) errors.set('to', 'The end must not be before the start.');
  }
  if (errors.size > 0) return { errors };
  return { body: { user, from, to, ruleVersion: f.version === '' ? null : Number(f.version) } };
}

function instant(day: string, time: string, field: string, errors: Map<string, string>): string | null {
  if (!TIME.test(time)) {
    errors.set(field, 'A time is HH:MM (UTC), such as 14:30.');
    return null;
  }
  return `${day}T${time.length === 5 ? `${time}:00` : time}Z`;
}

/** One event as the server's replay page words it: "ORDER TARGET 0 SELL 50 @ 103.20 by rule '...'". */
export function describeEvent(e: ReplayEvent | null | undefined): string {
  if (e === null || e === undefined) return 'no event';
  const parts: string[] = [e.type];
  if (e.role !== null) parts.push(e.role);
  if (e.index !== null) parts.push(String(e.index));
  if (e.side !== null) parts.push(e.side);
  if (e.quantity !== null) parts.push(String(e.quantity));
  if (e.price !== null) parts.push(`@ ${e.price}`);
  if (e.orderStatus !== null) parts.push(e.orderStatus);
  if (e.rule !== null) parts.push(`by rule '${e.rule}'`);
  return parts.join(' ');
}

/** Per plan: the live events the replay reproduced before it parted (all of them when identical). */
export function reproduced(p: ReplayReportJson['plans'][number]): { same: number; live: number } {
  const same = p.divergence === undefined ? p.live.length : Math.min(p.divergence.eventIndex, p.live.length);
  return { same, live: p.live.length };
}

/** The whole window: "12 of 14 live events reproduced in 2 of 3 plans". */
export function reproducedLine(r: ReplayReportJson): string {
  let same = 0;
  let live = 0;
  for (const p of r.plans) {
    const x = reproduced(p);
    same += x.same;
    live += x.live;
  }
  const identical = r.plans.filter((p) => p.identical).length;
  return `${same} of ${live} live events reproduced; ${identical} of ${r.plans.length} plans identical`;
}

/** The first divergence in one sentence, or null when there is none. */
export function divergenceLine(r: ReplayReportJson): string | null {
  const d = r.firstDivergence;
  if (d === undefined) return null;
  return `The replay parts from the live run at ${d.time ?? 'an unknown time'}, plan ${d.plan}, event ${d.eventIndex}, by rule '${d.rule ?? 'none'}' (${d.actedFirst === 'live' ? 'the live run' : 'the replay'} acted first).`;
}

/** Whether a job of the list is an incident replay (it has no statistics and compares with nothing). */
export function isReplay(j: JobView): boolean {
  return j.request['kind'] === 'replay';
}

/** A job in the list: "version 2, ib-fixed" for a run, "replay of alice, recorded versions" for a replay. */
export function describeJob(j: JobView): string {
  const v = j.request['ruleVersion'];
  if (isReplay(j)) return `replay of ${String(j.request['user'])}, ${v === null || v === undefined ? 'recorded versions' : `version ${v}`}`;
  return `version ${v ?? 'deployed'}, ${String(j.request['commission'])}`;
}

export const replays = {
  submit: (api: Api, body: ReplayBody) => api.analysis<JobView>('POST', '/replays', body),
  job: (api: Api, id: string) => api.analysis<JobView>('GET', `/replays/${encodeURIComponent(id)}`),
  report: (api: Api, id: string) => api.analysis<ReplayReportJson>('GET', `/replays/${encodeURIComponent(id)}/report.json`),
};
