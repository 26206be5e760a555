/**
 * Task failures and isolation as one fault model (docs/faults.md, "Task
 * failures and isolation"): frameworks' and jobs' `failures` and `usage`,
 * and `faults.isolation`.
 *
 * @module
 */
import { faultModel } from '../model.js';
import { taskFaultsSpec } from './build.js';
import { taskFaultFigures } from './figures.js';
import { TaskRuntime } from './runtime.js';

export const taskFaultModel = faultModel({
  name: 'task',
  key: 'taskFaults',
  scenarioKeys: ['frameworks.*.failures', 'frameworks.*.usage', 'jobs.*.failures', 'jobs.*.usage', 'faults.isolation'],
  events: ['task-due'],
  figureKeys: ['task_failures', 'isolation'],
  build: (s, ctx) => taskFaultsSpec(s, ctx.frameworks, ctx.files),
  runtime: (spec, ctx) => {
    const { clock, frameworks, agentProcess } = ctx;
    return new TaskRuntime(spec, {
      ...ctx,
      sim: clock,
      frameworkName: (i) => frameworks.records[i]!.name,
      fault: ctx.report,
      side: { end: (task, state) => agentProcess.finish(task, clock.now, state) },
    });
  },
  figures: (inner, spec) => taskFaultFigures(inner, spec),
});
