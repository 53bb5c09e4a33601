import type { Api } from './api';

/** The analyst's workbench over the API (docs/api.md, "Analysis"; docs/simulator.md, "Jobs"). */

export type JobStatus = 'QUEUED' | 'RUNNING' | 'DONE' | 'FAILED' | 'CANCELLED';

export interface JobView {
  id: string;
  owner: string;
  sweepId?: string | null;
  status: JobStatus;
  createdAt: string;
  finishedAt: string | null;
  ticksDone: number;
  ticksTotal: number;
  estimatedMillisLeft?: number | null;
  message: string | null;
  request: Record<string, unknown>;
  statistics: Record<string, string | number | null> | null;
}

export interface JobRequestJson {
  plansFile: string;
  plans: string;
  ticksFile: string;
  ticks: string;
  ruleVersion: number | null;
  maxFillPerTick: number | null;
  commission: string | null;
  latencyTicks: number;
  gate: boolean;
  commissionAccount?: string | null;
}

/**
 * How a job is priced: by the plan of an IB account when one is named (the server resolves it, the
 * model is then left out, docs/simulator.md "Choosing a plan by name"), else by the chosen model.
 */
export function commissionFields(
  model: string,
  account: string,
): { commission: string | null; commissionAccount: string | null } {
  const a = account.trim();
  return a === '' ? { commission: model, commissionAccount: null } : { commission: null, commissionAccount: a };
}

export interface VersionsJson {
  deployed: number;
  versions: { number: number; deployed: boolean; message: string | null; createdAt: string }[];
}

export interface EventJson {
  tick: number;
  type: string;
  role?: string;
  index?: number;
  side?: string;
  quantity?: number;
  price?: string;
  rule: string | null;
}

export interface ComparisonJson {
  a: string;
  b: string;
  firstDivergence: { plan: string; tick: number; rule: string | null; a: EventJson | null; b: EventJson | null } | null;
  statistics: { name: string; a: string | number | null; b: string | number | null; difference: string | number | null }[];
  plans: { plan: string; endedDifferently: boolean; differentFields: string[] }[];
}

export interface SweepTable {
  id: string;
  fillOption: string;
  stopOffsets: string[];
  fillValues: string[];
  rows: {
    stopOffset: string;
    fillValue: string;
    jobId: string;
    status: JobStatus;
    ticksDone: number;
    ticksTotal: number;
    message: string | null;
    statistics: Record<string, string | number | null> | null;
  }[];
}

export const LIVE: readonly JobStatus[] = ['QUEUED', 'RUNNING'];

/** The statistics a run reports, in the report's order. */
export const STATISTICS = [
  'trades',
  'closedTrades',
  'openTrades',
  'wins',
  'losses',
  'winRate',
  'averageWin',
  'averageLoss',
  'expectancy',
  'profitFactor',
  'maxDrawdown',
  'commission',
  'realizedPnl',
  'finalEquity',
] as const;

/** "12 s left", "3 min 5 s left"; empty without an estimate. */
export function timeLeft(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '';
  const s = Math.ceil(ms / 1000);
  if (s < 60) return `about ${s} s left`;
  return `about ${Math.floor(s / 60)} min ${s % 60} s left`;
}

/** The short name of a job: the first 8 characters of its id. */
export function shortId(id: string): string {
  return id.slice(0, 8);
}

/** A figure as the report prints it; a dash when it does not exist. */
export function figure(v: string | number | null | undefined): string {
  return v === null || v === undefined ? '—' : String(v);
}

export const analysis = {
  versions: (api: Api) => api.analysis<VersionsJson>('GET', '/versions'),
  jobs: (api: Api) => api.analysis<JobView[]>('GET', '/jobs?limit=50'),
  submit: (api: Api, r: JobRequestJson) => api.analysis<JobView>('POST', '/jobs', r),
  cancel: (api: Api, id: string) => api.analysis<JobView>('POST', `/jobs/${encodeURIComponent(id)}/cancel`),
  report: (api: Api, id: string) => api.analysisText(`/jobs/${encodeURIComponent(id)}/report`),
  compare: (api: Api, a: string, b: string) =>
    api.analysis<ComparisonJson>('GET', `/compare?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`),
  sweep: (api: Api, base: JobRequestJson, stopOffsets: string[], fillOption: string, fillValues: number[]) =>
    api.analysis<{ id: string; jobs: string[] }>('POST', '/sweeps', { base, stopOffsets, fillOption, fillValues }),
  sweepTable: (api: Api, id: string) => api.analysis<SweepTable>('GET', `/sweeps/${encodeURIComponent(id)}`),
  heatMap: (api: Api, id: string, statistic: string) =>
    api.analysisText(`/sweeps/${encodeURIComponent(id)}/heatmap.svg?statistic=${encodeURIComponent(statistic)}`),
};
