/**
 * Strategies of the deployed rule set (GET /api/strategies) and the part of the plan form they
 * generate. Pure logic, unit-tested; StrategyFields.svelte only renders it. Every value travels as
 * the string the trader typed (a decimal never goes through a JS number); the server validates
 * types and bounds and names the field (`strategy.params.atrMultiple: must be between 0.5 and 10`).
 */

export type ParameterType = 'decimal' | 'integer' | 'time' | 'boolean';

export interface StrategyParameter {
  name: string;
  type: ParameterType;
  min?: string | null;
  max?: string | null;
  defaultValue?: string | null;
  description?: string;
}

export interface StrategySchema {
  name: string;
  description?: string;
  parameters: StrategyParameter[];
}

export interface StrategiesAnswer {
  ruleSetVersion: number;
  strategies: StrategySchema[];
}

/** The form's strategy part: the chosen name ('' for none) and each parameter's text. */
export interface StrategyForm {
  name: string;
  params: Record<string, string>;
}

export function emptyStrategy(): StrategyForm {
  return { name: '', params: {} };
}

/** The form after picking {@code name}: every parameter starts at its default ('' without one). */
export function choose(schemas: readonly StrategySchema[], name: string): StrategyForm {
  const schema = schemas.find((s) => s.name === name);
  const params: Record<string, string> = {};
  for (const p of schema?.parameters ?? []) {
    params[p.name] = p.defaultValue ?? '';
  }
  return { name: schema ? name : '', params };
}

/** The request's `strategy`, or undefined for none; empty parameters are left to their default. */
export function strategyRequest(f: StrategyForm): { name: string; params: Record<string, string> } | undefined {
  if (f.name === '') {
    return undefined;
  }
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(f.params)) {
    if (v.trim() !== '') {
      params[k] = v.trim();
    }
  }
  return { name: f.name, params };
}

/** The error paths the strategy part shows next to its inputs. */
export function strategyPaths(f: StrategyForm): string[] {
  return ['strategy', 'strategy.name', 'strategy.params', ...Object.keys(f.params).map((k) => `strategy.params.${k}`)];
}

/** What the form says about a parameter's range: "0.5 to 10", "at least 1", "09:30 to 16:00". */
export function rangeText(p: StrategyParameter): string {
  if (p.min != null && p.max != null) {
    return `${p.min} to ${p.max}`;
  }
  if (p.min != null) {
    return `at least ${p.min}`;
  }
  if (p.max != null) {
    return `at most ${p.max}`;
  }
  return '';
}

/** The hint under a parameter's input: its description, range and default. */
export function parameterHint(p: StrategyParameter): string {
  const parts = [p.description ?? '', rangeText(p), p.defaultValue != null ? `default ${p.defaultValue}` : ''];
  return parts.filter((s) => s !== '').join('; ');
}

/** How the plan page shows a plan's strategy: "exit-at-time (exitAt 15:55)". */
export function strategyText(s: { name: string; params: Record<string, string> } | null | undefined): string {
  if (!s) {
    return 'none';
  }
  const params = Object.entries(s.params)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return params ? `${s.name} (${params})` : s.name;
}
