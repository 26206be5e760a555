/**
 * One run's result files in a folder: every table as a CSV file and
 * summary.json, or summary.json alone. summary.json is stamped with the
 * sha256 of the run's scenario.resolved.yaml and the simulator's version
 * (resolved-scenario.ts).
 *
 * @module
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nullTable } from '../metrics/sinks.js';
import { runScenario, type RunScenarioOptions, type Summary } from '../run.js';
import type { Scenario } from '../scenario/schema.js';
import { CsvFile } from './csv-file.js';
import { stampSummary, type StampedSummary } from './resolved-scenario.js';

/**
 * Runs a scenario and writes its result files into `folder`, which must
 * exist. A table turned off in `output` (offers, tasks, jobs) is an empty
 * file: the folder has the same files whatever the switches.
 */
export function runIntoFolder(scenario: Scenario, folder: string, options: RunScenarioOptions, scenarioSha256: string): StampedSummary {
  const { output } = scenario;
  const files = {
    tasks: new CsvFile(join(folder, 'tasks.csv')),
    offers: new CsvFile(join(folder, 'offers.csv')),
    utilization: new CsvFile(join(folder, 'utilization.csv')),
    prices: new CsvFile(join(folder, 'prices.csv'), true),
    events: new CsvFile(join(folder, 'events.csv')),
    jobs: new CsvFile(join(folder, 'jobs.csv')),
    shares: new CsvFile(join(folder, 'shares.csv')),
    fairness: new CsvFile(join(folder, 'fairness.csv')),
    queues: new CsvFile(join(folder, 'queues.csv')),
    // Lazy: not written when output.waits is false (the header is always written otherwise).
    waits: new CsvFile(join(folder, 'waits.csv'), true),
  };
  try {
    // Without a jobs sink no job row is made (output.jobs: false).
    const { jobs: _jobs, ...withoutJobs } = files;
    const summary = runScenario(scenario, output.jobs === false ? withoutJobs : files, options);
    for (const f of Object.values(files)) f.close();
    for (const [table, on] of [['offers', output.offers], ['tasks', output.tasks], ['jobs', output.jobs]] as const) {
      if (on === false) writeFileSync(join(folder, `${table}.csv`), '');
    }
    return writeSummary(folder, summary, scenarioSha256);
  } finally {
    for (const f of Object.values(files)) f.close();
  }
}

/** Runs a scenario without tables and writes only its summary.json into `folder`. */
export function runSummaryIntoFolder(scenario: Scenario, folder: string, options: RunScenarioOptions, scenarioSha256: string): StampedSummary {
  const summary = runScenario(scenario, { tasks: nullTable, offers: nullTable, utilization: nullTable }, options);
  return writeSummary(folder, summary, scenarioSha256);
}

function writeSummary(folder: string, summary: Summary, scenarioSha256: string): StampedSummary {
  const stamped = stampSummary(summary, scenarioSha256);
  writeFileSync(join(folder, 'summary.json'), JSON.stringify(stamped, null, 2) + '\n');
  return stamped;
}
