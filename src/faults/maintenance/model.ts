/**
 * Maintenance as one fault model (docs/faults.md, "Maintenance"): the
 * operator's windows (`faults.maintenance`), inverse offers, drains, and
 * the frameworks' responses (their `maintenance` settings).
 *
 * @module
 */
import { faultModel } from '../model.js';
import { maintenanceWindows } from './build.js';
import { maintenanceMetrics } from './figures.js';
import { MaintenanceFaults } from './runtime.js';

export const maintenanceModel = faultModel({
  name: 'maintenance',
  key: 'maintenance',
  scenarioKeys: ['faults.maintenance', 'frameworks.*.maintenance'],
  events: ['maintenance-schedule', 'maintenance-drain', 'machine-down', 'machine-up', 'drain-agent', 'drain-deadline', 'inverse-offers-received'],
  figureKeys: ['maintenance'],
  build: (s, ctx) => maintenanceWindows(s, ctx.agents, ctx.agentIndex),
  runtime: (windows, ctx) => new MaintenanceFaults(windows, ctx),
  figures: (inner) => {
    const figures = maintenanceMetrics(inner);
    return { observer: figures.observer, report: () => ({ maintenance: figures.report() }), state: figures.state };
  },
});
