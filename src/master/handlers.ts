/**
 * The master's handler table: its timers, and the messages frameworks and
 * agents send it (fault models handle their own messages).
 *
 * @module
 */
import type { HandlersFor } from '../core/simulation.js';
import type { SimEvent } from '../model/events/sim-event.js';
import type { Task } from '../model/task.js';
import type { Master } from './master.js';

export type MasterKind =
  | 'allocation-tick'
  | 'allocation-run'
  | 'offer-timeout'
  | 'inverse-offer-timeout'
  | 'subscribe'
  | 'offer-answers'
  | 'suppress'
  | 'revive'
  | 'request'
  | 'kill-task'
  | 'inverse-offer-answers'
  | 'task-status';

/** `statusArrived`: told after the master handled a task's status update (fault models that watch them). */
export function masterHandlers(m: Master, statusArrived: (task: Task) => void): HandlersFor<SimEvent, MasterKind> {
  const fw = (i: number) => m.frameworks[i]!;
  return {
    'allocation-tick': () => m.allocationTick(),
    'allocation-run': () => m.allocationRun(),
    'offer-timeout': (e) => m.offerTimedOut(e.offer),
    'inverse-offer-timeout': (e) => m.inverseOfferTimedOut(e.inverseOffer),
    subscribe: (e) => m.subscribe(fw(e.framework), e.suppressed),
    'offer-answers': (e) => m.answers(fw(e.framework), e.answers),
    suppress: (e) => m.suppress(fw(e.framework)),
    revive: (e) => m.revive(fw(e.framework)),
    request: (e) => m.request(fw(e.framework)),
    'kill-task': (e) => m.killTask(e.task),
    'inverse-offer-answers': (e) => m.inverseOfferAnswers(e.answers),
    'task-status': (e) => {
      m.taskStatus(e.task, e.state);
      statusArrived(e.task);
    },
  };
}
