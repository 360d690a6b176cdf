// Preload that traces the event loop and the garbage collector of a process: the bench passes
// MARKET_DATA_NODE_OPTIONS='--require ./apps/market-data/bench/loop-trace.cjs' with LOOP_TRACE_DIR=<dir>. On each
// SIGUSR2 (and at exit) it appends one JSON line to <dir>/market-data-<pid>.trace.jsonl with what it saw since the
// previous line: the event-loop delay histogram (perf_hooks.monitorEventLoopDelay, 1 ms resolution), every GC pause
// (epoch start, duration, kind, heap used before and after: the sizes --trace-gc prints) and the young generation's
// size; then starts over. LOOP_TRACE_GC=1 also turns on V8's own --trace-gc lines (on stdout).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const v8 = require('node:v8');
const { monitorEventLoopDelay, PerformanceObserver, performance, constants } = require('node:perf_hooks');

if (process.env.LOOP_TRACE_GC === '1') v8.setFlagsFromString('--trace-gc');
const file = path.join(process.env.LOOP_TRACE_DIR || '/tmp', `market-data-${process.pid}.trace.jsonl`);
const KINDS = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'mark-sweep',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak',
};

const histogram = monitorEventLoopDelay({ resolution: 1 });
histogram.enable();
let gcs = [];
let since = Date.now();
const heapUsed = () => process.memoryUsage().heapUsed;
let lastHeap = heapUsed();
const observer = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const after = heapUsed();
    gcs.push({
      at: Math.round(performance.timeOrigin + e.startTime),
      ms: +e.duration.toFixed(2),
      kind: KINDS[e.detail?.kind] ?? String(e.detail?.kind),
      // The heap before is unknown here: the last reading (at the previous GC) is a lower bound of it.
      mbAfter: +(after / 2 ** 20).toFixed(1),
    });
    lastHeap = after;
  }
});
observer.observe({ entryTypes: ['gc'] });

function dump() {
  const ms = (ns) => +(ns / 1e6).toFixed(2);
  const young = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  const line = {
    from: since,
    to: Date.now(),
    loopDelay: {
      count: histogram.count,
      p50: ms(histogram.percentile(50)),
      p90: ms(histogram.percentile(90)),
      p99: ms(histogram.percentile(99)),
      p999: ms(histogram.percentile(99.9)),
      max: ms(histogram.max),
      mean: ms(histogram.mean),
    },
    newSpaceMb: young ? +(young.space_size / 2 ** 20).toFixed(1) : undefined,
    heapMb: +(lastHeap / 2 ** 20).toFixed(1),
    gc: gcs,
  };
  fs.appendFileSync(file, JSON.stringify(line) + '\n');
  histogram.reset();
  gcs = [];
  since = Date.now();
}

process.on('SIGUSR2', dump);
const exit = process.exit.bind(process);
process.exit = (code) => {
  dump();
  exit(code);
};
