// Preloaded into `sim sweep` by test/cli/sim-sweep.test.ts (node --require): the process kills
// itself (SIGKILL, as a machine failure would) right after it has written its first cell file,
// so that the sweep is cut off mid-way at a point that does not depend on the machine's speed.
// Only the main thread writes cell files; the workers (which inherit --require) are left alone.
const fs = require('node:fs');
const { syncBuiltinESMExports } = require('node:module');
const { isMainThread } = require('node:worker_threads');

if (isMainThread) {
  const rename = fs.renameSync;
  fs.renameSync = function renameThenDie(from, to) {
    rename(from, to);
    if (/[\\/]cells[\\/][^\\/]+\.json$/.test(String(to))) process.kill(process.pid, 'SIGKILL');
  };
  // ES modules importing { renameSync } from 'node:fs' see the patched function.
  syncBuiltinESMExports();
}
