// A harness that starts children and then is SIGKILLed by the test: it prints their
// pids as one JSON line and waits. Runs from the build (npm test builds first).
import { join } from 'node:path';
import { Supervisor } from '../../../../dist/harness/real/process/supervisor.js';

const dir = process.argv[2];
const supervisor = new Supervisor();
const exitOnEof = ['-e', "process.stdin.resume(); process.stdin.on('end', () => process.exit(0)); setInterval(() => {}, 1000);"];
const log = (name) => ({ stdoutPath: join(dir, `${name}.log`), stderrPath: join(dir, `${name}.log`) });
const eof = supervisor.spawn({ name: 'eof', file: process.execPath, args: exitOnEof, orphan: 'stdin-eof', ...log('eof') });
const paused = supervisor.spawn({ name: 'paused', file: process.execPath, args: exitOnEof, orphan: 'stdin-eof', ...log('paused') });
const killed = supervisor.spawn({ name: 'killed', file: '/usr/bin/sleep', args: ['600'], orphan: 'kill', ...log('killed') });
// Let the paused one start reading stdin before it is stopped.
setTimeout(() => {
  paused.pause();
  process.stdout.write(`${JSON.stringify({ eof: eof.pid, paused: paused.pid, killed: killed.pid })}\n`);
}, 500);
setInterval(() => {}, 1000);
