#!/usr/bin/env node
// Prints test/file-durations.json (test/sequencer.ts) from a vitest JSON report:
//   npx vitest run --reporter=json --outputFile=/tmp/report.json
//   node tools/test-durations.mjs /tmp/report.json > test/file-durations.json
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const seconds = report.testResults.map((r) => [relative(process.cwd(), r.name), Math.round((r.endTime - r.startTime) / 100) / 10]);
seconds.sort((a, b) => b[1] - a[1]);
process.stdout.write(JSON.stringify(Object.fromEntries(seconds), null, 1) + '\n');
