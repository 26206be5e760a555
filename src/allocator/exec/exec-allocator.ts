/**
 * `exec:COMMAND`: an allocator whose policy runs in another process and
 * speaks the line-delimited JSON protocol of docs/protocol.md over its
 * standard input and output.
 *
 * It is an Allocator like any other: the master calls it synchronously and
 * validates its grants and preemptions as it does a built-in's. Each call
 * blocks until the policy answers (policy-process.ts), so the simulated clock
 * stands still while the policy thinks, and results do not depend on its
 * speed. The view goes out as deltas (view-encoder.ts), with the signals and
 * notifications of signals.ts.
 *
 * @module
 */
import { InvariantError } from '../../errors.js';
import type { RunObserver } from '../../master/observer.js';
import type { AgentView, Allocator, AllocatorContext, AllocatorFactory, ClusterView, Grant, TaskView } from '../types.js';
import { DEFAULT_POLICY_TIMEOUT, execCommand } from './command.js';
import { firstProblem, GrantsReply, HelloReply, PreemptionsReply, PROTOCOL_VERSION, RequestsQuestion } from './protocol.js';
import { PolicySession, type PolicyError, type Questions } from './session.js';
import { Signals } from './signals.js';
import { requestList, taskId, ViewEncoder } from './view-encoder.js';

/** What summary.json says about an exec policy (docs/protocol.md, "Figures"). */
export interface PolicyReport {
  readonly command: string;
  readonly policy: string;
  readonly version: string;
  readonly protocol: number;
  /** Requests answered: allocate and preempt. */
  readonly calls: number;
  readonly preempt_calls: number;
  /** Characters written to the policy. */
  readonly sent_chars: number;
  /** Characters of the first preempt or allocate request: the whole view (later ones carry what changed). */
  readonly first_request_chars: number;
  /** Characters read from it; null without wall-clock figures (its answers carry its own wall-clock times). */
  readonly received_chars: number | null;
  /** Wall-clock seconds in the exec allocator: encoding, waiting for the policy, decoding. Null without wall-clock figures. */
  readonly wall_seconds: number | null;
  readonly wall_ms_per_call: number | null;
  readonly max_wall_ms_per_call: number | null;
  /** Seconds the policy said it spent (its answers' `wall`); null when it said nothing. */
  readonly policy_seconds: number | null;
  /** (wall − policy) per call: what the protocol costs on top of the policy's own work; null when the policy said nothing. */
  readonly protocol_ms_per_call: number | null;
}

/** The factory of `exec:COMMAND`, run in the folder `base`. */
export function execFactory(name: string, base: string): AllocatorFactory {
  const command = execCommand(name);
  return {
    description: `a policy in another process: ${command}`,
    create: (ctx) => new ExecAllocator(name, command, base, ctx),
  };
}

export class ExecAllocator implements Allocator {
  readonly reactsToDemand: boolean;
  readonly preempt?: (view: ClusterView) => readonly TaskView[];
  /** The policy's answer to hello. */
  readonly policy: HelloReply;
  readonly #session: PolicySession;
  readonly #encoder: ViewEncoder;
  readonly #signals: Signals;
  #view: ClusterView | undefined;
  #calls = 0;
  #preemptCalls = 0;
  #wall = 0;
  #maxWall = 0;
  #reported: number | undefined;
  #firstRequest = 0;
  #closed = false;

  constructor(
    readonly name: string,
    readonly command: string,
    cwd: string,
    ctx: AllocatorContext,
  ) {
    this.#session = new PolicySession({ name, command, cwd, timeout: ctx.run?.policyTimeout ?? DEFAULT_POLICY_TIMEOUT });
    const hello = {
      type: 'hello',
      protocol: PROTOCOL_VERSION,
      scenario: ctx.run?.scenario ?? null,
      seed: ctx.run?.seed ?? null,
      random_seed: Math.floor(ctx.random.next() * 2 ** 32),
      resources: ctx.space.names,
      options: ctx.options,
      pools: ctx.pools,
      bids: ctx.bids,
    };
    this.policy = this.#session.ask(JSON.stringify(hello), HelloReply, 'hello');
    if (this.policy.protocol !== PROTOCOL_VERSION) {
      throw this.#session.fail(`speaks protocol ${this.policy.protocol}, and sim speaks ${PROTOCOL_VERSION} (see docs/protocol.md, "Versions")`);
    }
    this.reactsToDemand = this.policy.reacts_to_demand;
    this.#encoder = new ViewEncoder({ requests: this.policy.requests, tasks: this.policy.tasks });
    this.#signals = new Signals(this.policy.notifications);
    if (this.policy.preempts) this.preempt = (view) => this.#preemptions(view);
  }

  /**
   * No checkpoint holds its state (docs/checkpoints.md): the policy's state is
   * in its own process, which the protocol does not ask for; a checkpoint of
   * its run continues by replay.
   */
  whyNotSaved(): string {
    return `the policy process ${this.name} keeps its state in that process`;
  }

  /** What the policy is told between requests: signals and notifications (the run's observer calls them). */
  observer(): Partial<RunObserver> {
    return this.#signals.observer((agent) => this.#encoder.touch(agent));
  }

  allocate(view: ClusterView, candidates: readonly AgentView[]): Grant[] {
    const started = performance.now();
    const what = `allocate at t=${view.now}`;
    const message = this.#request('allocate', view, { candidates: candidates.map((a) => a.index) });
    const reply = this.#session.ask(message, GrantsReply, what, this.#questions(view, what));
    const r = view.space.size;
    const grants = reply.grants.map((g, i): Grant => {
      if (g.resources.length !== r) throw this.#session.fail(`answered ${what} with grants.${i}.resources of ${g.resources.length} amounts (expected ${r}: ${view.space.names.join(', ')})`);
      if (g.price !== undefined && g.price.length !== r) throw this.#session.fail(`answered ${what} with grants.${i}.price of ${g.price.length} prices (expected ${r})`);
      return {
        framework: g.framework,
        agent: g.agent,
        resources: Float64Array.from(g.resources),
        ...(g.pool !== undefined ? { pool: g.pool } : {}),
        ...(g.price !== undefined ? { price: Float64Array.from(g.price) } : {}),
      };
    });
    this.#count(started, reply.wall);
    return grants;
  }

  #preemptions(view: ClusterView): readonly TaskView[] {
    const started = performance.now();
    const what = `preempt at t=${view.now}`;
    const reply = this.#session.ask(this.#request('preempt', view, {}), PreemptionsReply, what, this.#questions(view, what));
    const victims: TaskView[] = [];
    if (reply.tasks.length > 0) {
      const live = new Map<string, TaskView>();
      for (const agent of view.agents) for (const t of agent.tasks) live.set(taskId(t), t);
      for (const id of reply.tasks) {
        const task = live.get(id);
        if (task === undefined) throw this.#session.fail(`answered ${what} with task '${id}', which is not staging or running`);
        victims.push(task);
        this.#encoder.touch(task.agent);
      }
    }
    this.#preemptCalls++;
    this.#count(started, reply.wall);
    return victims;
  }

  /** What a policy may ask while it answers `what`: more of a framework's pending requests. */
  #questions(view: ClusterView, what: string): Questions {
    return {
      requests: (question) => {
        const q = RequestsQuestion.safeParse(question);
        if (!q.success) throw this.#session.fail(`asked, while answering ${what}, a question that is not the protocol: ${firstProblem(q.error)}`);
        const fw = view.frameworks[q.data.framework];
        if (fw === undefined) throw this.#session.fail(`asked, while answering ${what}, for the requests of framework ${q.data.framework}, which does not exist (expected 0 to ${view.frameworks.length - 1})`);
        const list = requestList(fw.requests(q.data.limit + 1), q.data.limit);
        return JSON.stringify({ type: 'requests', framework: fw.index, ...list });
      },
    };
  }

  /** A request: its type, the time, `extra`, the view's delta, the signals and notifications. */
  #request(type: string, view: ClusterView, extra: Record<string, unknown>): string {
    if (this.#view === undefined) {
      this.#view = view;
      this.#signals.watch(view);
    }
    const delta = this.#encoder.delta(view);
    this.#signals.agentEvents(this.#encoder.registrations, view.now);
    const text = JSON.stringify({ type, time: view.now, ...extra, view: delta, ...this.#signals.take(view.now, view.frameworks.length) });
    if (this.#firstRequest === 0) this.#firstRequest = text.length;
    return text;
  }

  #count(started: number, reported: number | undefined): void {
    const wall = (performance.now() - started) / 1000;
    this.#calls++;
    this.#wall += wall;
    this.#maxWall = Math.max(this.#maxWall, wall);
    if (reported !== undefined) this.#reported = (this.#reported ?? 0) + reported;
  }

  /** Says bye (a run that went well), or stops the policy. */
  close(ok: boolean): void {
    if (this.#closed) return;
    this.#closed = true;
    if (!ok) return this.#session.stop();
    const now = this.#view?.now ?? 0;
    this.#session.bye(JSON.stringify({ type: 'bye', time: now, ...this.#signals.take(now, this.#view?.frameworks.length ?? 0) }));
  }

  /**
   * The error to report for `e`, thrown during the run: the master's refusal
   * of this policy's grant or preemption becomes the policy's failure (exit 2,
   * its stderr's last lines); anything else is returned as it is.
   */
  explain(e: unknown): unknown {
    const prefix = `allocator '${this.name}' `;
    if (!(e instanceof InvariantError) || !e.message.startsWith(prefix)) return e;
    const failure: PolicyError = this.#session.fail(e.message.slice(prefix.length));
    this.#closed = true;
    return failure;
  }

  /** The figures for summary.json; wall-clock ones null unless `wallClock`. */
  report(wallClock: boolean): PolicyReport {
    const calls = this.#calls;
    const perCall = (s: number): number | null => (wallClock && calls > 0 ? (s * 1000) / calls : null);
    return {
      command: this.command,
      policy: this.policy.policy,
      version: this.policy.version,
      protocol: this.policy.protocol,
      calls,
      preempt_calls: this.#preemptCalls,
      sent_chars: this.#session.sent,
      first_request_chars: this.#firstRequest,
      received_chars: wallClock ? this.#session.received : null,
      wall_seconds: wallClock ? this.#wall : null,
      wall_ms_per_call: perCall(this.#wall),
      max_wall_ms_per_call: wallClock ? this.#maxWall * 1000 : null,
      policy_seconds: wallClock && this.#reported !== undefined ? this.#reported : null,
      protocol_ms_per_call: this.#reported === undefined ? null : perCall(this.#wall - this.#reported),
    };
  }
}
