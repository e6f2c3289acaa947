/**
 * `npm run bench`: every benchmark, printing its figures and the machine they ran on. Targets are
 * printed beside the figures; nothing here asserts a timing.
 */
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { measureColdStart } from '../infra/cold-start.js';
import { benchAggregationCore } from './aggregation-core.js';
import { runAuditBench } from './audit.js';
import { benchJob } from './job.js';
import { benchReport } from './report.js';
import { benchRetention } from './retention.js';

import { benchWaves } from './waves.js';

const log = (line = '') => process.stdout.write(`${line}\n`);

log('Alliance Pulse benchmarks');
log(
  `machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB (${Math.round(freemem() / 2 ** 30)} free), Node ${process.version}, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);

// First, so its peak RSS is its own.
log('\n(a) aggregation core — target ≤ 1,500 ms and ≤ 1 GiB peak RSS');
const core = await benchAggregationCore();
log(core.label);
console.table(core.figures);

log('\n(b)–(d) scheduled job — targets: (b) run/read ≤ 1.25; (c) 0 S3 writes, 0 responses read');
const job = await benchJob((line) => log(line));
log(job.label);
console.table(job.figures);

log('\n(e) disclosure audit — targets: demo survey ≤ 2 s; national-size wave ≤ 60 s');
await runAuditBench(log);

log('\n(f) results report on a national-size snapshot — target ≤ 1,000 ms');
const report = benchReport();
log(report.label);
console.table(report.figures);

log('\nGET …/waves as history grows — targets: ≤ 100 ms, 0 response items of closed waves read');
const waves = await benchWaves((line) => log(line));
log(waves.label);
console.table(waves.figures);

log('\nretention — bounded batches of the purge step (no target: each batch must fit well inside a job run)');
const retention = await benchRetention((line) => log(line));
log(retention.label);
console.table(retention.figures);

log('\ncold start of the respondent function bundle — target ≤ 150 ms (import in a fresh Node process)');
const cold = await measureColdStart('respondent', 11);
console.table({
  'bundle (bytes)': cold.bundleBytes,
  'median import (ms)': cold.medianImportMs,
  'fastest import (ms)': cold.minImportMs,
  'median process spawn to exit (ms)': cold.medianProcessMs,
});
log(
  `\nload average at the end: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
