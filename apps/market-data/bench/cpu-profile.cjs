// Preload that CPU-profiles a process (node 20 refuses --cpu-prof in NODE_OPTIONS): the bench passes
// MARKET_DATA_NODE_OPTIONS='--require ./apps/market-data/bench/cpu-profile.cjs' and the profile is written to
// $CPU_PROFILE_DIR (default /tmp) as market-data-<pid>.cpuprofile when the process exits.
'use strict';
const inspector = require('node:inspector');
const fs = require('node:fs');
const path = require('node:path');

const session = new inspector.Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: 500 });
session.post('Profiler.start');
const dir = process.env.CPU_PROFILE_DIR || '/tmp';
let written = false;
const write = () => {
  if (written) return;
  written = true;
  session.post('Profiler.stop', (error, result) => {
    if (!error)
      fs.writeFileSync(
        path.join(dir, `market-data-${process.pid}.cpuprofile`),
        JSON.stringify(result.profile),
      );
  });
};
const exit = process.exit.bind(process);
process.exit = (code) => {
  write();
  exit(code);
};
process.on('beforeExit', write);
