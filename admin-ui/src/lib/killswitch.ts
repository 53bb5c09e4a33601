/**
 * The kill switch as the UI sees it (docs/kill-switch.md): what the API answers, the scope a
 * session may press, and the checks made before a request is sent. The server decides again.
 */

/** One reason holding one scope, as GET /api/kill-switch answers it. */
export interface EngagedSwitch {
  scope: string;
  reason: string;
  words: string;
  actor: string;
  since: string;
  flatten: boolean;
}

export interface KillSwitchState {
  engaged: EngagedSwitch[];
  /** false when the last change was made on this server only (the store did not take it yet). */
  stored?: boolean | null;
}

/** The longest reason or why the server takes. */
export const WORDS_MAX = 500;

const KEY = /^[A-Za-z0-9_.@-]{1,64}$/;

/** Whether the session may release switches and press any scope (operators only). */
export function isOperator(roles: readonly string[]): boolean {
  return roles.includes('OPERATOR');
}

/** The scope a trader presses: their own user. */
export function ownScope(username: string): string {
  return `user:${username}`;
}

/** null when the scope is one the server reads, else what is wrong with it. */
export function scopeError(scope: string): string | null {
  if (scope === 'global') return null;
  const m = /^(account|user):(.*)$/.exec(scope);
  if (m && KEY.test(m[2] ?? '')) return null;
  return 'Scope: global, account:<IB account> or user:<user name>.';
}

/** null when the words can be sent, else what is wrong with them. */
export function wordsError(words: string, what: string): string | null {
  const t = words.trim();
  if (t === '') return `Say ${what}.`;
  if (t.length > WORDS_MAX) return `At most ${WORDS_MAX} characters.`;
  return null;
}

/** One line for a switch: scope, words, who and since when. */
export function describe(s: EngagedSwitch): string {
  const why = s.reason === 'OPERATOR' ? s.words : `${s.reason.toLowerCase().replaceAll('_', ' ')}: ${s.words}`;
  return `${s.scope}: ${why} (by ${s.actor} since ${s.since}${s.flatten ? ', flattened' : ''})`;
}
