/**
 * One conversation with a policy's process: a request line out, one answer
 * line back, checked against the answer expected; the failures that stop the
 * run, each as one line naming the policy and what it did, with the last
 * lines of its stderr (docs/protocol.md, "Errors").
 *
 * @module
 */
import type { z } from 'zod';
import { InputError } from '../../errors.js';
import { PolicyProcess, type Answer } from './policy-process.js';
import { ErrorReply, firstProblem } from './protocol.js';

/** Handlers of a policy's questions, by message type: each returns the answer line. */
export type Questions = Readonly<Record<string, (question: unknown) => string>>;

/** A policy failed: exit 2, one line, nothing written. */
export class PolicyError extends InputError {}

export interface SessionSpec {
  /** The allocator as named (`exec:COMMAND`), for messages. */
  readonly name: string;
  readonly command: string;
  /** The folder the command runs in. */
  readonly cwd: string;
  /** The longest wait for an answer (s). */
  readonly timeout: number;
}

/** The first characters of a line, for a message. */
const excerpt = (line: string): string => JSON.stringify(line.length > 80 ? `${line.slice(0, 77)}...` : line);

export class PolicySession {
  readonly #process: PolicyProcess;
  /** Characters written to and read from the policy. */
  sent = 0;
  received = 0;
  #over = false;

  constructor(private readonly spec: SessionSpec) {
    this.#process = new PolicyProcess({ command: spec.command, cwd: spec.cwd, timeoutMs: spec.timeout * 1000 });
  }

  /**
   * Sends `message` (a JSON text) and returns the answer, checked against
   * `schema`; `what` says what was asked, for messages ("allocate at t=12").
   * While it thinks, the policy may ask questions of its own (a line whose
   * `type` is in `questions`): each is answered with what its handler returns.
   */
  ask<S extends z.ZodType>(message: string, schema: S, what: string, questions: Questions = {}): z.output<S> {
    const early = this.#process.unasked();
    if (early !== undefined) throw this.fail(`wrote ${excerpt(early)} before ${what}, when nothing was asked (expected one line per request)`);
    for (let out = message; ; ) {
      this.#process.write(out);
      this.sent += out.length + 1;
      const value = this.#answer(what);
      if (ErrorReply.safeParse(value).success) throw this.fail(`gave up at ${what}: ${String((value as { message: string }).message).split('\n').join(' | ')}`);
      const type = (value as { type?: unknown }).type;
      const question = typeof type === 'string' && Object.hasOwn(questions, type) ? questions[type]! : undefined;
      if (question !== undefined) {
        out = question(value);
        continue;
      }
      const parsed = schema.safeParse(value);
      if (!parsed.success) throw this.fail(`answered ${what} with a message that is not the protocol: ${firstProblem(parsed.error)}`);
      return parsed.data;
    }
  }

  /** The next line, as a JSON object. */
  #answer(what: string): object {
    const answer = this.#process.read();
    if (answer.kind !== 'line') throw this.fail(`${ended(answer, this.spec.timeout)} instead of answering ${what}`);
    this.received += answer.line.length + 1;
    let value: unknown;
    try {
      value = JSON.parse(answer.line);
    } catch {
      throw this.fail(`answered ${what} with ${excerpt(answer.line)}, which is not a JSON message (expected one JSON object per line; print logs to stderr)`);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw this.fail(`answered ${what} with ${excerpt(answer.line)}, which is not a JSON object (expected one JSON object per line)`);
    }
    return value;
  }

  /** Sends the last message, closes the policy's input, and waits for it to exit with status 0. */
  bye(message: string): void {
    const early = this.#process.unasked();
    if (early !== undefined) throw this.fail(`wrote ${excerpt(early)} when nothing was asked (expected one line per request)`);
    this.#process.write(message);
    this.sent += message.length + 1;
    const answer = this.#process.finish();
    this.#over = true;
    if (answer.kind === 'line') throw this.fail(`wrote ${excerpt(answer.line)} after bye (expected it to exit)`);
    if (answer.kind === 'exited' && answer.code === 0) return this.#process.stop();
    throw this.fail(`${ended(answer, this.spec.timeout)} after bye (expected exit status 0)`);
  }

  /** Kills the policy, if it still runs. */
  stop(): void {
    this.#over = true;
    this.#process.stop();
  }

  /** The error for `what`, with the policy's last stderr lines; the policy is stopped. */
  fail(what: string): PolicyError {
    const tail = this.#process.stderrTail();
    if (!this.#over) this.stop();
    const stderr = tail.length > 0 ? ` (its stderr ends: ${tail.map((l) => l.trim().slice(0, 200)).join(' | ')})` : '';
    return new PolicyError(`allocator ${this.spec.name}: ${what}${stderr}`);
  }
}

/** How a request went unanswered, in words. */
function ended(answer: Exclude<Answer, { kind: 'line' }>, timeout: number): string {
  switch (answer.kind) {
    case 'timeout':
      return `took longer than ${timeout} s (master.policy_timeout)`;
    case 'too-long':
      return 'wrote a line longer than 256 MiB';
    case 'spawn-error':
      return `could not be started (${answer.message})`;
    case 'exited':
      return answer.signal !== null ? `was killed by ${answer.signal}` : `exited with status ${answer.code}`;
  }
}
