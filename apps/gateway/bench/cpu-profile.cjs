/**
 * Preloaded into the gateway by `bench:gateway --cpu-prof <dir>` (NODE_OPTIONS=--require, where Node refuses
 * --cpu-prof itself): records a V8 CPU profile from start to exit and writes it to
 * `<CPU_PROFILE_DIR>/gateway-<pid>.cpuprofile` (open it in Chrome DevTools or speedscope).
 */
const { writeFileSync } = require('node:fs');
const { Session } = require('node:inspector');
const { join } = require('node:path');

const session = new Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: 200 });
session.post('Profiler.start');
process.on('exit', () => {
  // A session on the process's own thread answers synchronously, so this runs to the end before the exit.
  session.post('Profiler.stop', (error, result) => {
    if (error) return;
    const file = join(process.env.CPU_PROFILE_DIR ?? '.', `gateway-${process.pid}.cpuprofile`);
    writeFileSync(file, JSON.stringify(result.profile));
  });
});
