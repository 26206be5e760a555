// Runs many `sim` command lines in one Node process, for the hostile-input
// suite (test/hostile/run-case.ts) and the command line's tests
// (sim-batch.ts): spawning a process per command line costs most of a
// second of CPU each, nearly all of it loading modules.
//
// Each case is a JSON line on stdin: { id, dir, args, env, limit }. The child moves
// to `dir`, sets process.argv to `sim ...args`, and evaluates the real
// command line module (dist/src/cli/main.js) afresh (a new URL query: its
// imports stay loaded), capturing what it writes; process.exit is turned into
// a return. It answers each case with a JSON line on stdout:
// { id, code, stdout, stderr, polluted } (stdout and stderr cut to `limit`
// characters when it is given), and ends after a case that polluted
// Object.prototype. The parent bounds each case's time and
// replaces a child that hangs or dies.
import { pathToFileURL } from 'node:url';

const bin = process.argv[2];
const realOut = process.stdout.write.bind(process.stdout);
const realErr = process.stderr.write.bind(process.stderr);
const realExit = process.exit.bind(process);
const realCwd = process.cwd();

class Exit {
  constructor(code) {
    this.code = code;
  }
}

let n = 0;
let buffer = '';
const queue = [];
let busy = false;

async function runOne(c) {
  const out = [];
  const err = [];
  const keep = (list) => (chunk, encoding, callback) => {
    list.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    if (typeof encoding === 'function') encoding();
    else if (typeof callback === 'function') callback();
    return true;
  };
  const savedEnv = { ...process.env };
  Object.assign(process.env, c.env ?? {});
  process.stdout.write = keep(out);
  process.stderr.write = keep(err);
  process.exit = (code) => {
    throw new Exit(code ?? 0);
  };
  process.exitCode = undefined;
  process.argv = [process.argv[0], bin, ...c.args];
  let code;
  try {
    process.chdir(c.dir);
    await import(`${pathToFileURL(bin).href}?case=${++n}`);
    code = process.exitCode ?? 0;
  } catch (e) {
    if (e instanceof Exit) code = e.code;
    else {
      err.push(`batch-child: uncaught: ${e && e.stack ? e.stack : String(e)}\n`);
      code = 1;
    }
  } finally {
    process.stdout.write = realOut;
    process.stderr.write = realErr;
    process.exit = realExit;
    process.exitCode = undefined;
    for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k];
    Object.assign(process.env, savedEnv);
    process.chdir(realCwd);
  }
  // A case that left properties on Object.prototype (prototype pollution) would change every
  // case after it: it is reported, and this process ends (the parent starts a clean one).
  const polluted = Object.keys(Object.prototype).length > 0;
  const cut = (text) => (c.limit === undefined ? text : text.slice(0, c.limit));
  realOut(`${JSON.stringify({ id: c.id, code, stdout: cut(out.join('')), stderr: cut(err.join('')), polluted })}\n`);
  if (polluted) realExit(0);
}

async function drain() {
  if (busy) return;
  busy = true;
  while (queue.length > 0) await runOne(queue.shift());
  busy = false;
}

process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  buffer += chunk;
  for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
    const line = buffer.slice(0, nl);
    buffer = buffer.slice(nl + 1);
    if (line.trim() !== '') queue.push(JSON.parse(line));
  }
  void drain();
});
process.stdin.on('end', () => void drain().then(() => realExit(0)));
