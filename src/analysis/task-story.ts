/**
 * The story of one task, told from a run's tables (sim explain): for each
 * attempt, when it was submitted, when its framework was first offered
 * something after that, what other frameworks were offered meanwhile, what
 * its framework did with its offers (and why it declined them, as far as the
 * tables tell), where and when it started, how its wait splits by cause
 * (waits.csv), and how it ended. Times are simulated seconds.
 *
 * Pure: rows in, lines out (the CLI reads the files).
 *
 * @module
 */
import { WAIT_PHRASES } from './wait-breakdown.js';

/** A row of a table, by column name (csv-parse's records: every cell a string). */
export type Row = Readonly<Record<string, string>>;

export interface RunTables {
  /** summary.json's `resources`: the resource columns of tasks.csv and offers.csv. */
  readonly resources: readonly string[];
  /** The end of the run, s (summary.json `simulated.end`). */
  readonly end: number;
  /** tasks.csv rows of the task, any order. */
  readonly attempts: readonly Row[];
  /** offers.csv rows; undefined when the run did not record offers (output.offers: false). */
  readonly offers: readonly Row[] | undefined;
  /** waits.csv rows of the task; undefined when the folder has no waits.csv. */
  readonly waits: readonly Row[] | undefined;
}

const num = (s: string | undefined): number => (s === undefined || s === '' ? NaN : Number(s));
const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;
const seconds = (v: number): string => `${Number(v.toFixed(3))} s`;

/** The lines of the story of a task (every attempt, in order). */
export function taskStory(taskId: string, t: RunTables): string[] {
  const attempts = [...t.attempts].sort((a, b) => num(a.attempt) - num(b.attempt));
  const first = attempts[0]!;
  const needs = t.resources.filter((r) => num(first[r]) > 0).map((r) => `${r} ${first[r]}`).join(', ');
  const lines = [`task ${taskId}: framework ${first.framework}, role ${first.role}, job ${first.job_id}; needs ${needs}`];
  if (t.offers === undefined) lines.push('(offers were not recorded in this run: run it again with --set output.offers=true to see them)');
  for (const a of attempts) lines.push(...attemptStory(a, t));
  return lines;
}

/** The simulated seconds an attempt waited, [submit, start] (or to its end, or the run's `end`, if it never started): the offers its story tells of. */
export function waitWindow(a: Row, end: number): [number, number] {
  const start = num(a.start_time);
  const ended = num(a.end_time);
  return [num(a.submit_time), !Number.isNaN(start) ? start : !Number.isNaN(ended) ? ended : end];
}

function attemptStory(a: Row, t: RunTables): string[] {
  const [submit, waitEnd] = waitWindow(a, t.end);
  const start = num(a.start_time);
  const end = num(a.end_time);
  const lines = [`attempt ${a.attempt}:`, `  submitted at ${seconds(submit)}`];
  if (t.offers !== undefined) lines.push(...offersStory(a, t.offers, t.resources, submit, waitEnd, start));
  if (!Number.isNaN(start)) lines.push(`  started on agent ${a.agent} at ${seconds(start)}, after waiting ${seconds(start - submit)}`);
  else lines.push(`  never started${Number.isNaN(end) ? ` (still waiting at the end of the run, ${seconds(t.end)})` : ''}`);
  const w = t.waits?.find((r) => r.attempt === a.attempt);
  if (w !== undefined) lines.push(`  its wait by cause: ${causes(w)}`);
  if (!Number.isNaN(end)) lines.push(`  ended ${a.state} at ${seconds(end)}`);
  else if (!Number.isNaN(start)) lines.push(`  still ${a.state} at the end of the run (${seconds(t.end)})`);
  return lines;
}

function offersStory(a: Row, offers: readonly Row[], resources: readonly string[], submit: number, waitEnd: number, start: number): string[] {
  const lines: string[] = [];
  const during = offers.filter((o) => num(o.time) >= submit && num(o.time) <= waitEnd);
  const own = during.filter((o) => o.framework === a.framework);
  const firstOwn = own.reduce<Row | undefined>((best, o) => (best === undefined || num(o.time) < num(best.time) ? o : best), undefined);
  if (firstOwn === undefined) lines.push('  its framework was offered nothing while it waited');
  else lines.push(`  first offered at ${seconds(num(firstOwn.time))}: offer ${firstOwn.offer_id} of agent ${firstOwn.agent} (${firstOwn.outcome})`);
  const others = new Map<string, number>();
  for (const o of during) if (o.framework !== a.framework && num(o.time) < waitEnd) others.set(o.framework!, (others.get(o.framework!) ?? 0) + 1);
  if (others.size > 0) lines.push(`  offered to others meanwhile: ${[...others].map(([f, n]) => `${f} ${plural(n, 'offer')}`).join(', ')}`);
  // Its framework's answers before the offer it started from.
  const launchedFrom = Number.isNaN(start) ? undefined : startingOffer(own, a.agent!, start);
  const before = own.filter((o) => o !== launchedFrom);
  const tooSmall = before.filter((o) => o.outcome === 'declined' && !fitsTask(a, o, resources));
  const roomy = before.filter((o) => o.outcome === 'declined' && fitsTask(a, o, resources));
  const usedElse = before.filter((o) => o.outcome === 'accepted');
  const rescinded = before.filter((o) => o.outcome === 'rescinded');
  const reasons = [
    tooSmall.length > 0 ? `${plural(tooSmall.length, 'offer')} declined as too small for it (${agents(tooSmall)})` : '',
    roomy.length > 0 ? `${plural(roomy.length, 'offer')} declined although it fitted (${agents(roomy)}): its framework placed none of its tasks there (a gang short of room for all, placement limits, or tasks ahead in its queue)` : '',
    usedElse.length > 0 ? `${plural(usedElse.length, 'offer')} accepted for its other tasks` : '',
    rescinded.length > 0 ? `${plural(rescinded.length, 'offer')} rescinded by the master` : '',
  ].filter((s) => s !== '');
  for (const r of reasons) lines.push(`  meanwhile its framework had ${r}`);
  if (launchedFrom !== undefined) {
    const answered = num(launchedFrom.time) + num(launchedFrom.response_time);
    lines.push(`  launched from offer ${launchedFrom.offer_id} of agent ${launchedFrom.agent}, made at ${seconds(num(launchedFrom.time))} and accepted at ${seconds(answered)}`);
  }
  return lines;
}

/** The accepted offer of `agent` it was launched from: the last one made before its start. */
function startingOffer(own: readonly Row[], agent: string, start: number): Row | undefined {
  let found: Row | undefined;
  for (const o of own) {
    if (o.agent === agent && o.outcome === 'accepted' && num(o.tasks_launched) > 0 && num(o.time) <= start && (found === undefined || num(o.time) >= num(found.time))) found = o;
  }
  return found;
}

function fitsTask(task: Row, offer: Row, resources: readonly string[]): boolean {
  return resources.every((r) => !(num(task[r]) > num(offer[r])));
}

/** The agents of some offers, at most three named. */
function agents(offers: readonly Row[]): string {
  const names = [...new Set(offers.map((o) => o.agent!))];
  return names.length <= 3 ? `agent${names.length === 1 ? '' : 's'} ${names.join(', ')}` : `agents ${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
}

/** The causes of a waits.csv row with seconds > 0, largest first. */
function causes(w: Row): string {
  const parts = Object.entries(WAIT_PHRASES)
    .map(([c, phrase]) => [num(w[c]), phrase] as const)
    .filter(([s]) => s > 0)
    .sort((x, y) => y[0] - x[0])
    .map(([s, phrase]) => `${seconds(s)} ${phrase}`);
  return parts.length === 0 ? 'none (it did not wait)' : parts.join(', ');
}
