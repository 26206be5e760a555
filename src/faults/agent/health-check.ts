/**
 * The master's agent health checks, computed instead of simulated.
 *
 * Mesos's master starts pinging an agent when it registers it (its
 * SlaveObserver pings at once, then every `agent_ping_timeout`). Each ping
 * is answered by a pong; a ping left unanswered when the next one is due is
 * a miss, a pong resets the count, and after `max_agent_ping_timeouts`
 * consecutive misses the agent is marked unreachable. Here pings take no
 * time: a ping is answered when the agent can be heard at the moment it is
 * sent, or (across a partition, held by TCP) when the partition heals before
 * the ping's timeout.
 *
 * So an agent registered at `phase` that falls silent at `since` misses the
 * first ping at or after `since`, p = phase + ceil((since − phase) / T)·T,
 * and the ones after it; the master marks it unreachable at p + M·T if it has
 * stayed silent until then. One event per silence, none per ping.
 *
 * @module
 */
import type { SimTime } from '../../core/event-queue.js';

export interface HealthCheckSettings {
  /** Seconds between pings (Mesos --agent_ping_timeout, default 15). */
  readonly pingTimeout: number;
  /** Consecutive misses that make an agent unreachable (Mesos --max_agent_ping_timeouts, default 5). */
  readonly maxPingTimeouts: number;
}

/** When the master marks unreachable an agent registered at `phase` and silent since `since` (>= phase), if it stays silent. */
export function detectionTime(phase: SimTime, since: SimTime, s: HealthCheckSettings): SimTime {
  const firstMissed = phase + Math.ceil((since - phase) / s.pingTimeout) * s.pingTimeout;
  return firstMissed + s.maxPingTimeouts * s.pingTimeout;
}
