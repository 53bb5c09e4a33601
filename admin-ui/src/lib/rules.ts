import type { Api } from './api';

/**
 * The strategy admins' rule sets (docs/rules.md section 0, docs/api.md "Rule sets"): the answers of
 * /api/rules typed, the calls, where a problem's file:line:column sits in an editor's text, and the
 * words of the deploy and rollback confirmations. It decides nothing the server decides: which
 * version may be deployed, and whether a draft compiles, come from the API.
 */

export interface TestJson {
  passed: boolean;
  summary: string;
  actor: string;
  at: string;
}

export interface VersionJson {
  number: number;
  contentHash: string;
  author: string;
  createdAt: string;
  message?: string | null;
  parent?: number | null;
  /** Absent (the server leaves out null fields) or null until the version is tested. */
  lastTest?: TestJson | null;
  deployed: boolean;
  /** The users a running canary gives this version to (absent: none). */
  canaryFor?: string[] | null;
  /** The ids of the open plans pinned to this version. */
  pinnedBy: string[];
  /** Its attached scenarios and reference (docs/rules.md, "Attached scenarios and reference"). */
  attached?: AttachedJson | null;
}

/** What a version carries besides its DRL files: scenario paths, a reference (a name or its own files). */
export interface AttachedJson {
  hash?: string | null;
  scenarios: string[];
  referenceName?: string | null;
  referenceFiles: boolean;
}

/** A version's attachments in words: "2 scenarios; reference: its own files", "none". */
export function attachedText(a: AttachedJson | null | undefined): string {
  if (!a) return 'none';
  const parts: string[] = [];
  if (a.scenarios.length > 0) parts.push(`${a.scenarios.length} scenario${a.scenarios.length === 1 ? '' : 's'}`);
  if (a.referenceFiles) parts.push('reference: its own files');
  else if (a.referenceName) parts.push(`reference: ${a.referenceName}`);
  return parts.length === 0 ? 'none' : parts.join('; ');
}

/** The canary running: its version, its users, who started it and when (docs/rules.md, "Canary"). */
export interface CanaryJson {
  version: number;
  users: string[];
  actor: string;
  at: string;
}

export interface VersionsJson {
  deployed: number;
  canary?: CanaryJson | null;
  versions: VersionJson[];
}

export interface VersionWithFiles {
  version: VersionJson;
  files: Record<string, string>;
  /** Its attachments, path (scenarios/x.json, reference/plans.json, reference/ticks.csv) to text. */
  attachments?: Record<string, string>;
}

export interface DiffJson {
  from: number;
  to: number;
  added: string[];
  removed: string[];
  changed: string[];
  unified: string;
}

/** A compiler or policy problem; `rule` is the rule whose text holds the line (null outside one). */
export interface ProblemJson {
  file: string;
  line: number;
  column: number;
  rule?: string | null;
  message: string;
}

export interface ValidationJson {
  ok: boolean;
  problems: ProblemJson[];
}

export interface ScenarioJson {
  name: string;
  file: string;
  verdict: string;
  report: string[];
  /** One of the version's own scenarios, not the shipped suite's. */
  attached?: boolean;
}

/** The attached scenarios of a test run, failed first, and how many of them failed. */
export function attachedRuns(run: TestRunJson): { runs: ScenarioJson[]; failed: number } {
  const runs = run.scenarios.filter((s) => s.attached === true).sort((x, y) => Number(scenarioOk(x.verdict)) - Number(scenarioOk(y.verdict)));
  return { runs, failed: runs.filter((s) => !scenarioOk(s.verdict)).length };
}

export interface TestRunJson {
  passed: boolean;
  summary: string;
  problems: ProblemJson[];
  scenarios: ScenarioJson[];
  /** The reference simulation under the deployed version and this one (null: not compiled). */
  reference?: ReferenceJson | null;
}

/** An event of a plan's history as the comparison prints it (RESULT.json's fields). */
export interface ComparedEvent {
  tick: number;
  type: string;
  role?: string;
  side?: string;
  quantity?: number;
  price?: string;
}

export interface DivergenceJson {
  plan: string;
  tick: number;
  eventIndex: number;
  rule: string | null;
  a: ComparedEvent | null;
  b: ComparedEvent | null;
}

export interface PlanOutcomeJson {
  orderStatus: string;
  tradeStatus: string;
  position: number;
  filledEntryQuantity: number;
  realizedPnl: string;
  commission: string;
}

/** docs/rules.md section 0, "The reference simulation": shown, never judged. */
export interface ReferenceJson {
  name: string;
  missing?: string;
  /** A version's own reference file that does not read (the reader's words). */
  error?: string;
  deployedVersion?: number;
  testedVersion?: number;
  plansCompared?: number;
  ticks?: number;
  plansEndedDifferently?: number;
  firstDivergence?: DivergenceJson | null;
  plans?: { plan: string; endedDifferently: boolean; differentFields: string[]; a: PlanOutcomeJson; b: PlanOutcomeJson; divergence: DivergenceJson | null }[];
}

/** One line on a reference run: how many plans ended differently, under which versions. */
export function referenceSummary(r: ReferenceJson): string {
  if (r.missing !== undefined) return `Reference ${r.name}: ${r.missing}`;
  if (r.error !== undefined) return `Reference ${r.name}: ${r.error}`;
  return `Reference ${r.name}: ${r.plansEndedDifferently} of ${r.plansCompared} plans ended differently under version ${r.testedVersion} than under the deployed version ${r.deployedVersion} (${r.ticks} ticks).`;
}

/** An event of a divergence in words ("ORDER ENTRY BUY 100", or "nothing"). */
export function eventText(e: ComparedEvent | null): string {
  if (e === null) return 'nothing';
  return [e.type, e.role, e.side, e.quantity, e.price === undefined ? undefined : `at ${e.price}`].filter((x) => x !== undefined && x !== null).join(' ');
}

export interface DeployAnswer {
  deployed: boolean;
  version: number;
  reason?: string | null;
  overridden: boolean;
  /** The canary's users when the deploy was a canary's. */
  canary?: string[] | null;
  members?: Record<string, string> | null;
}

export interface AuditEntry {
  time: string;
  actor: string;
  action: string;
  target: string;
  details?: Record<string, unknown> | null;
}

/** A new draft: the version it was stored as, or the problems that refused it (422). */
export type DraftAnswer = { version: VersionJson } | { problems: ProblemJson[] };

/** The /api/rules calls. A refused deploy (409) is an answer with its reason, not an error. */
export class RulesApi {
  constructor(private readonly api: Api) {}

  async versions(): Promise<VersionsJson> {
    return (await this.api.exchange<VersionsJson>('GET', '/api/rules/versions')).body;
  }

  async version(n: number): Promise<VersionWithFiles> {
    return (await this.api.exchange<VersionWithFiles>('GET', `/api/rules/versions/${n}`)).body;
  }

  async diff(from: number, to: number): Promise<DiffJson> {
    return (await this.api.exchange<DiffJson>('GET', `/api/rules/versions/${from}/diff/${to}`)).body;
  }

  async createDraft(files: Record<string, string>, message: string, parent: number): Promise<DraftAnswer> {
    const r = await this.api.exchange<VersionJson | ValidationJson>('POST', '/api/rules/versions', { files, message, parent }, [422]);
    return r.status === 422 ? { problems: (r.body as ValidationJson).problems ?? [] } : { version: r.body as VersionJson };
  }

  async validate(n: number): Promise<ValidationJson> {
    return (await this.api.exchange<ValidationJson>('POST', `/api/rules/versions/${n}/validate`)).body;
  }

  async test(n: number): Promise<TestRunJson> {
    return (await this.api.exchange<TestRunJson>('POST', `/api/rules/versions/${n}/test`)).body;
  }

  async deploy(n: number, override: string | null): Promise<DeployAnswer> {
    const body = override === null ? {} : { override };
    return (await this.api.exchange<DeployAnswer>('POST', `/api/rules/versions/${n}/deploy`, body, [409])).body;
  }

  /** Deploys version n to {@code users} only: their plans activated from now on take it. */
  async deployCanary(n: number, users: string[], override: string | null): Promise<DeployAnswer> {
    const body = override === null ? { canary: users } : { canary: users, override };
    return (await this.api.exchange<DeployAnswer>('POST', `/api/rules/versions/${n}/deploy`, body, [409])).body;
  }

  /** Promotes the running canary to everyone (a deploy of its version), or aborts it. */
  async canary(action: 'promote' | 'abort', override: string | null): Promise<DeployAnswer> {
    const body = override === null ? {} : { override };
    return (await this.api.exchange<DeployAnswer>('POST', `/api/rules/canary/${action}`, body, [409])).body;
  }

  async rollback(n: number, override: string | null): Promise<DeployAnswer> {
    const body = override === null ? { version: n } : { version: n, override };
    return (await this.api.exchange<DeployAnswer>('POST', '/api/rules/rollback', body, [409])).body;
  }

  async audit(): Promise<AuditEntry[]> {
    return (await this.api.exchange<AuditEntry[]>('GET', '/api/rules/audit')).body;
  }
}

/**
 * A plan's rule set in words, for its page: "version 3"; a draft is pinned only when activated; a
 * plan that ended or ran without a recorded pin (stored before versions existed) says so.
 */
export function ruleSetText(plan: { status: string; ruleSetVersion?: number | null }): string {
  if (plan.ruleSetVersion !== undefined && plan.ruleSetVersion !== null) return `version ${plan.ruleSetVersion}`;
  // a plan stored before rule-set versions existed runs on version 1 (docs/rules.md section 0)
  return plan.status === 'DRAFT' ? 'chosen when activated (the deployed version)' : 'version 1 (stored before versions)';
}

/** Whether a scenario's verdict lets the suite pass: PASS, or EXPECTED-FAIL with its known issue. */
export function scenarioOk(verdict: string): boolean {
  return verdict === 'PASS' || verdict === 'EXPECTED-FAIL';
}

/** A problem placed in a file's text: character offsets `from` (inclusive) and `to` (exclusive). */
export interface ProblemRange {
  from: number;
  to: number;
  /** The 1-based line the range is on (the problem's own, or the nearest line the text has). */
  line: number;
}

/**
 * Where a problem sits in `text`: the server counts lines from 1 and columns from 0 (Drools'
 * convention, as `validate` answers them). The range runs from that column to the end of the word
 * there (the rest of the line when the column is past a word, the whole line for column 0 on a
 * blank start), so the editor underlines something visible. A line beyond the text lands on its
 * last line; line 0 (a problem of the whole file) on the first.
 */
export function problemRange(text: string, line: number, column: number): ProblemRange {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const n = Math.min(Math.max(line, 1), starts.length);
  const lineStart = starts[n - 1] ?? 0;
  const lineEnd = n < starts.length ? (starts[n] ?? text.length) - 1 : text.length;
  const lineText = text.slice(lineStart, lineEnd);
  const col = Math.min(Math.max(column, 0), lineText.length);
  const word = /^[\w$.]+/.exec(lineText.slice(col));
  let from = lineStart + col;
  let to = word ? from + word[0].length : lineEnd;
  if (to === from) {
    // an empty rest of the line: mark the line's text from its first non-blank
    const indent = /^\s*/.exec(lineText)?.[0].length ?? 0;
    from = lineStart + Math.min(indent, lineText.length);
    to = Math.max(lineEnd, from);
  }
  return { from, to, line: n };
}

/** What a problem says, with the rule it is in: `rule "X": message`. */
export function problemText(p: ProblemJson): string {
  return p.rule ? `rule "${p.rule}": ${p.message}` : p.message;
}

/** Where a problem is, as the CLI writes it: `file:line:column`. */
export function problemPlace(p: ProblemJson): string {
  return `${p.file}:${p.line}:${p.column}`;
}

/** The editor's diagnostics (CodeMirror's lint shape) of one file's problems. */
export function diagnosticsFor(
  file: string,
  text: string,
  problems: readonly ProblemJson[],
): { from: number; to: number; severity: 'error'; message: string; source: string }[] {
  return problems
    .filter((p) => p.file === file)
    .map((p) => {
      const r = problemRange(text, p.line, p.column);
      return { from: r.from, to: r.to, severity: 'error' as const, message: problemText(p), source: problemPlace(p) };
    });
}

/** "1 open plan" / "12 open plans". */
function openPlans(count: number): string {
  return `${count} open plan${count === 1 ? '' : 's'}`;
}

/**
 * What stays where after `target` is deployed: the open plans pinned to every other version, by
 * version ("12 open plans stay on version 3 and 1 open plan on version 1"; "1 open plan stays ..."); plans keep their pin
 * until they end (docs/rules.md, "Versions and plans: the pin").
 */
export function pinnedElsewhere(target: number, versions: readonly VersionJson[]): string {
  const parts = versions
    .filter((v) => v.number !== target && v.pinnedBy.length > 0)
    .sort((a, b) => b.number - a.number)
    .map((v, i) => (i === 0 ? `${openPlans(v.pinnedBy.length)} ${v.pinnedBy.length === 1 ? 'stays' : 'stay'} on version ${v.number}` : `${openPlans(v.pinnedBy.length)} on version ${v.number}`));
  if (parts.length === 0) return 'no open plan is on another version';
  return parts.length === 1 ? (parts[0] as string) : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/**
 * Whether the server counts `v` green (it deploys another only with an override reason): its last
 * test passed, or it is version 1, the shipped kjar built with every scenario run (RuleVersions).
 */
export function testedGreen(v: VersionJson): boolean {
  return v.number === 1 || v.lastTest?.passed === true;
}

/** Why a deploy of `v` needs an override, or null when it does not. */
export function overrideNeeded(v: VersionJson): string | null {
  if (testedGreen(v)) return null;
  if (!v.lastTest) return `Version ${v.number} has not been tested: deploying it needs an override reason, which is audited.`;
  if (!v.lastTest.passed) return `Version ${v.number} failed its last test (${v.lastTest.summary}): deploying it needs an override reason, which is audited.`;
  return null;
}

/**
 * The deploy confirmation, saying exactly what will happen: "Deploy version 4 to all members: plans
 * activated from now on use it; 12 open plans stay on version 3."
 */
export function deployConfirmation(target: VersionJson, versions: readonly VersionJson[]): string {
  return `Deploy version ${target.number} to all members: plans activated from now on use it; ${pinnedElsewhere(target.number, versions)}.`;
}

/**
 * The rollback confirmation: "Roll back from version 4 to version 2 on all members: plans activated
 * from now on use version 2; 3 open plans stay on version 4."
 */
export function rollbackConfirmation(target: VersionJson, deployed: number, versions: readonly VersionJson[]): string {
  return (
    `Roll back from version ${deployed} to version ${target.number} on all members: plans activated from now on use version ${target.number}; ` +
    `${pinnedElsewhere(target.number, versions)}.`
  );
}

/** The members' answers of a deploy, one line: "member-1: ready, member-2: ready". */
export function membersText(members: Record<string, string> | null | undefined): string {
  if (!members) return '';
  return Object.entries(members)
    .map(([m, a]) => `${m}: ${a}`)
    .join(', ');
}

/** An audit entry's details in one line: `from 3, changed lifecycle/40-entry.drl, override "..."`. */
export function auditDetails(details: Record<string, unknown> | null | undefined): string {
  if (!details) return '';
  const parts: string[] = [];
  for (const [k, v] of Object.entries(details)) {
    if (v === null || v === undefined) continue;
    if (Array.isArray(v)) {
      if (v.length > 0) parts.push(`${k} ${v.join(', ')}`);
    } else if (typeof v === 'object') {
      parts.push(`${k} ${membersText(v as Record<string, string>)}`);
    } else if (typeof v === 'string') {
      parts.push(`${k} "${v}"`);
    } else {
      parts.push(`${k} ${String(v)}`);
    }
  }
  return parts.join('; ');
}

/**
 * The canary's users as typed ("alice, bob"): names split on commas and trimmed; an empty name, a
 * repeated one or no name at all is an error that says so.
 */
export function parseCanaryUsers(text: string): { users: string[]; error: string | null } {
  const users = text.split(',').map((u) => u.trim());
  if (text.trim() === '') return { users: [], error: 'Name at least one user.' };
  if (users.some((u) => u === '')) return { users: [], error: 'A name is empty: write the users as alice, bob.' };
  const seen = new Set<string>();
  for (const u of users) {
    if (seen.has(u)) return { users: [], error: `${u} is named twice.` };
    seen.add(u);
  }
  return { users, error: null };
}

/** "Deploy version 5 as a canary to alice, bob: ..." — what a canary deploy does, exactly. */
export function canaryConfirmation(target: VersionJson, users: readonly string[], deployed: number): string {
  return `Deploy version ${target.number} as a canary to ${users.join(', ')}: their plans activated from now on use it, everyone else's use the deployed version ${deployed}; open plans stay on their versions.`;
}

/** What promoting or aborting the running canary does, exactly. */
export function canaryActionConfirmation(action: 'promote' | 'abort', canary: CanaryJson, deployed: number): string {
  return action === 'promote'
    ? `Promote the canary: deploy version ${canary.version} to all members; every plan activated from now on uses it; open plans stay on their versions.`
    : `Abort the canary: ${canary.users.join(', ')} get the deployed version ${deployed} again for plans activated from now on; their plans pinned to version ${canary.version} run on it until they end.`;
}
