/**
 * A preload that records a V8 CPU profile of a service process from start to exit (`NODE_OPTIONS='--require
 * <this file>'`; Node 20 refuses `--cpu-prof` in NODE_OPTIONS). The benches set it with `--cpu-prof <dir>`.
 *
 * The profile goes to `<CPU_PROFILE_DIR>/<name>-<pid>.cpuprofile` (default directory: the working one) when the
 * process exits, by `process.exit` or by running out of work. `<name>` is CPU_PROFILE_NAME, else the app the process
 * runs (`apps/<name>/src/main.ts` on its command line), else `node`. Open it in Chrome DevTools or speedscope.
 * CPU_PROFILE_INTERVAL_US sets the sampling interval (default 200 µs).
 */
'use strict';
const { writeFileSync } = require('node:fs');
const { Session } = require('node:inspector');
const { join } = require('node:path');

function profileName() {
  if (process.env.CPU_PROFILE_NAME) return process.env.CPU_PROFILE_NAME;
  for (const arg of process.argv) {
    const app = /apps\/([\w-]+)\/src\/main\.ts$/.exec(arg);
    if (app) return app[1];
  }
  return 'node';
}

const session = new Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: Number(process.env.CPU_PROFILE_INTERVAL_US ?? 200) });
session.post('Profiler.start');

let written = false;
function write() {
  if (written) return;
  written = true;
  // A session on the process's own thread answers synchronously, so this runs to the end before the exit.
  session.post('Profiler.stop', (error, result) => {
    if (error) return;
    const file = join(process.env.CPU_PROFILE_DIR ?? '.', `${profileName()}-${process.pid}.cpuprofile`);
    writeFileSync(file, JSON.stringify(result.profile));
  });
}

const exit = process.exit.bind(process);
process.exit = (code) => {
  write();
  return exit(code);
};
process.on('beforeExit', write);
process.on('exit', write);
