import type { Check, CheckPatch, CreateCheckInput, CriterionMeasure, OnPass } from '../../api/types.ts';
import { exampleText } from './kinds.ts';

/** The server's bounds (checks.schemas.ts, schedule.ts). */
export const INTERVAL_MIN_S = 10;
export const INTERVAL_MAX_S = 24 * 3600;
export const TIMEOUT_MIN_MS = 100;
export const TIMEOUT_MAX_MS = 30 * 60_000;
export const SLO_MIN = 50;
export const SLO_MAX = 99.999;
export const SLO_DEFAULT = 99.9;
export const MAX_SECRETS = 20;

export const INTERVAL_UNITS = { s: 1, min: 60, h: 3600 } as const;
export type IntervalUnit = keyof typeof INTERVAL_UNITS;

export interface SecretRow {
  key: number;
  name: string;
  value: string;
}

/** What the form holds: text as typed, turned into an API body only on submit. */
export interface Draft {
  name: string;
  kind: string;
  itemKey: string;
  onPass: OnPass;
  monitor: boolean;
  every: string;
  unit: IntervalUnit;
  sloTarget: string;
  timeoutSeconds: string;
  enabled: boolean;
  /** For a monitor bound to a success criterion: what it measures ('' for nothing) and the threshold as typed. */
  criterionMeasure: CriterionMeasure | '';
  criterionThreshold: string;
  configText: string;
  /** New secrets (create), or secrets to add (edit). */
  secrets: SecretRow[];
  /** Edit: stored secrets given a new value. */
  replace: Record<string, string>;
  /** Edit: stored secrets to delete. */
  remove: string[];
}

const SECRET_NAME = /^[A-Z_][A-Z0-9_]{0,63}$/;
const REFERENCE = /\$\{([A-Z_][A-Z0-9_]*)\}/g;

/** Whole seconds as the largest unit that divides them: 300 → 5 min. */
export function splitInterval(seconds: number): { every: string; unit: IntervalUnit } {
  if (seconds % 3600 === 0) return { every: String(seconds / 3600), unit: 'h' };
  if (seconds % 60 === 0) return { every: String(seconds / 60), unit: 'min' };
  return { every: String(seconds), unit: 's' };
}

export function newDraft(kind: string, itemKey = ''): Draft {
  return {
    name: '',
    kind,
    itemKey,
    onPass: 'evidence',
    monitor: false,
    every: '5',
    unit: 'min',
    sloTarget: String(SLO_DEFAULT),
    timeoutSeconds: '',
    enabled: true,
    criterionMeasure: '',
    criterionThreshold: '',
    configText: exampleText(kind),
    secrets: [],
    replace: {},
    remove: [],
  };
}

export function draftOf(c: Check): Draft {
  return {
    name: c.name,
    kind: c.kind,
    itemKey: c.itemKey ?? '',
    onPass: c.onPass,
    monitor: c.intervalSeconds !== null,
    ...(c.intervalSeconds ? splitInterval(c.intervalSeconds) : { every: '5', unit: 'min' as const }),
    sloTarget: String(c.sloTarget),
    timeoutSeconds: c.timeoutMs === null ? '' : String(c.timeoutMs / 1000),
    enabled: c.enabled,
    criterionMeasure: c.criterion?.measure ?? '',
    criterionThreshold: c.criterion ? String(c.criterion.threshold) : '',
    configText: JSON.stringify(c.config, null, 2),
    secrets: [],
    replace: {},
    remove: [],
  };
}

export type ConfigResult = { ok: true; value: Record<string, unknown> } | { ok: false; problem: 'json'; line: number | null; column: number | null } | { ok: false; problem: 'notObject' };

/** Line and column (1-based) of a character offset. */
function lineColumn(text: string, offset: number) {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

/** The config as JSON: an object, or where the text stops being JSON (as far as the engine says). */
export function parseConfig(text: string): ConfigResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : '';
    const lc = /line (\d+) column (\d+)/.exec(message);
    if (lc) return { ok: false, problem: 'json', line: Number(lc[1]), column: Number(lc[2]) };
    const at = /position (\d+)/.exec(message);
    if (at) return { ok: false, problem: 'json', ...lineColumn(text, Number(at[1])) };
    // V8 gives no position when the text stops early: the problem is at its end.
    if (/end of (JSON|data)/i.test(message)) return { ok: false, problem: 'json', ...lineColumn(text, text.trimEnd().length) };
    return { ok: false, problem: 'json', line: null, column: null };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { ok: false, problem: 'notObject' };
  return { ok: true, value: value as Record<string, unknown> };
}

/** Every ${NAME} the config text refers to, in order of first use. */
export function referencedSecrets(configText: string): string[] {
  return [...new Set([...configText.matchAll(REFERENCE)].map((m) => m[1]!))];
}

/** The secret names the check will have after saving. */
export function secretNamesAfter(d: Draft, stored: readonly string[]): string[] {
  const kept = stored.filter((n) => !d.remove.includes(n));
  return [...new Set([...kept, ...d.secrets.map((s) => s.name.trim()).filter(Boolean)])];
}

export type Problem =
  | { field: 'name'; key: 'required' }
  | { field: 'interval'; key: 'range' }
  | { field: 'interval'; key: 'deadline'; deadlineMs: number }
  | { field: 'sloTarget'; key: 'range' }
  | { field: 'timeout'; key: 'range' }
  | { field: 'criterion'; key: 'needsMonitor' | 'latencyThreshold' | 'uptimeMax' | 'threshold' }
  | { field: 'config'; key: 'json' | 'notObject'; line?: number | null; column?: number | null }
  | { field: 'config'; key: 'missingSecrets'; names: string[] }
  | { field: 'secrets'; key: 'badName' | 'duplicate' | 'noValue' | 'tooMany'; names: string[] };

const numberOf = (text: string) => (text.trim() === '' ? NaN : Number(text.replace(',', '.')));

export function intervalSeconds(d: Draft): number | null {
  return d.monitor ? Math.round(numberOf(d.every) * INTERVAL_UNITS[d.unit]) : null;
}

export function timeoutMs(d: Draft): number | null {
  return d.timeoutSeconds.trim() === '' ? null : Math.round(numberOf(d.timeoutSeconds) * 1000);
}

/** How long one run may take: the check's deadline, else its kind's default from the API (null while that is unknown). */
export const deadlineMs = (d: Draft, kindTimeoutMs: number | undefined): number | null => timeoutMs(d) ?? kindTimeoutMs ?? null;

const inRange = (n: number, min: number, max: number) => Number.isFinite(n) && n >= min && n <= max;

/**
 * Everything the server would refuse that the form can tell by itself. `kindTimeoutMs`: the
 * kind's default deadline as the API gives it.
 */
export function problemsOf(d: Draft, kindTimeoutMs: number | undefined, stored: readonly string[] = []): Problem[] {
  const out: Problem[] = [];
  if (!d.name.trim()) out.push({ field: 'name', key: 'required' });
  const interval = intervalSeconds(d);
  const deadline = deadlineMs(d, kindTimeoutMs);
  if (interval !== null && !inRange(interval, INTERVAL_MIN_S, INTERVAL_MAX_S)) out.push({ field: 'interval', key: 'range' });
  // A monitor's runs must not overlap: the server refuses an interval within the deadline.
  else if (interval !== null && deadline !== null && interval * 1000 <= deadline) out.push({ field: 'interval', key: 'deadline', deadlineMs: deadline });
  if (!inRange(numberOf(d.sloTarget), SLO_MIN, SLO_MAX)) out.push({ field: 'sloTarget', key: 'range' });
  const timeout = timeoutMs(d);
  if (timeout !== null && !inRange(timeout, TIMEOUT_MIN_MS, TIMEOUT_MAX_MS)) out.push({ field: 'timeout', key: 'range' });
  out.push(...criterionProblems(d));
  const config = parseConfig(d.configText);
  if (!config.ok) out.push(config.problem === 'json' ? { field: 'config', key: 'json', line: config.line, column: config.column } : { field: 'config', key: 'notObject' });
  const names = secretNamesAfter(d, stored);
  const missing = referencedSecrets(d.configText).filter((n) => !names.includes(n));
  if (missing.length) out.push({ field: 'config', key: 'missingSecrets', names: missing });
  const typed = d.secrets.map((s) => s.name.trim()).filter(Boolean);
  const bad = typed.filter((n) => !SECRET_NAME.test(n));
  if (bad.length) out.push({ field: 'secrets', key: 'badName', names: bad });
  const dup = typed.filter((n, i) => typed.indexOf(n) !== i || (stored.includes(n) && !d.remove.includes(n)));
  if (dup.length) out.push({ field: 'secrets', key: 'duplicate', names: [...new Set(dup)] });
  const empty = d.secrets.filter((s) => s.name.trim() && !s.value).map((s) => s.name.trim());
  if (empty.length) out.push({ field: 'secrets', key: 'noValue', names: empty });
  if (names.length > MAX_SECRETS) out.push({ field: 'secrets', key: 'tooMany', names: [] });
  return out;
}

function criterionProblems(d: Draft): Problem[] {
  if (!d.criterionMeasure) return [];
  const threshold = numberOf(d.criterionThreshold);
  if (!d.monitor) return [{ field: 'criterion', key: 'needsMonitor' }];
  if (d.criterionMeasure === 'mean_latency' && d.criterionThreshold.trim() === '') return [{ field: 'criterion', key: 'latencyThreshold' }];
  if (d.criterionThreshold.trim() !== '' && !(threshold > 0 && threshold <= 1_000_000)) return [{ field: 'criterion', key: 'threshold' }];
  if (d.criterionMeasure === 'uptime' && threshold > 100) return [{ field: 'criterion', key: 'uptimeMax' }];
  return [];
}

/** The criterion measure as the API takes it; no threshold means the server's default. */
function criterionOf(d: Draft): { measure: CriterionMeasure; threshold?: number } | null {
  if (!d.criterionMeasure) return null;
  return d.criterionThreshold.trim() === '' ? { measure: d.criterionMeasure } : { measure: d.criterionMeasure, threshold: numberOf(d.criterionThreshold) };
}

function newSecretValues(d: Draft): Record<string, string> {
  return Object.fromEntries(d.secrets.filter((s) => s.name.trim()).map((s) => [s.name.trim(), s.value]));
}

/** The create body; call only when problemsOf(d) is empty. */
export function toCreateBody(d: Draft): CreateCheckInput {
  const config = parseConfig(d.configText);
  const secrets = newSecretValues(d);
  return {
    name: d.name.trim(),
    kind: d.kind,
    itemKey: d.itemKey || null,
    onPass: d.onPass,
    config: config.ok ? config.value : {},
    ...(Object.keys(secrets).length ? { secrets } : {}),
    timeoutMs: timeoutMs(d),
    intervalSeconds: intervalSeconds(d),
    enabled: d.enabled,
    sloTarget: numberOf(d.sloTarget),
    ...(criterionOf(d) ? { criterion: criterionOf(d) } : {}),
  };
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Only what changed, with the loaded version; null when nothing did. */
export function toPatch(c: Check, d: Draft): CheckPatch | null {
  const config = parseConfig(d.configText);
  const secrets: Record<string, string | null> = { ...newSecretValues(d) };
  for (const [name, value] of Object.entries(d.replace)) if (value && !d.remove.includes(name)) secrets[name] = value;
  for (const name of d.remove) secrets[name] = null;
  const patch: CheckPatch = { version: c.version };
  if (d.name.trim() !== c.name) patch.name = d.name.trim();
  if ((d.itemKey || null) !== c.itemKey) patch.itemKey = d.itemKey || null;
  if (d.onPass !== c.onPass) patch.onPass = d.onPass;
  if (config.ok && !sameJson(config.value, c.config)) patch.config = config.value;
  if (timeoutMs(d) !== c.timeoutMs) patch.timeoutMs = timeoutMs(d);
  if (intervalSeconds(d) !== c.intervalSeconds) patch.intervalSeconds = intervalSeconds(d);
  if (d.enabled !== c.enabled) patch.enabled = d.enabled;
  if (numberOf(d.sloTarget) !== c.sloTarget) patch.sloTarget = numberOf(d.sloTarget);
  const criterion = criterionOf(d);
  const stored = c.criterion ?? null;
  const criterionChanged = !criterion || !stored ? criterion !== stored : criterion.measure !== stored.measure || (criterion.threshold ?? null) !== stored.threshold;
  if (criterionChanged) patch.criterion = criterion;
  if (Object.keys(secrets).length) patch.secrets = secrets;
  return Object.keys(patch).length > 1 ? patch : null;
}
