/**
 * The demo alliance's published snapshot, computed in memory at a fixed time, without `generatedAt`
 * (nor the audit's `solverMs`):
 * the same bytes on every run of the same code, so a refactor that should not change any figure can
 * be checked byte for byte. Usage (docs/aggregation.md, "Checking a refactor"):
 *   npm run snapshot:demo > after.json      # on the refactored commit
 *   cmp before.json after.json              # before.json from the commit before it
 * It prints the SHA-256 of what it wrote to stderr. The seed and the job run exactly as in `npm start`,
 * on the in-memory stores (whose reading order is fixed) and a clock pinned to AT.
 */
import { createHash } from 'node:crypto';
import { DEMO, seedDemo } from '../../infra/local/seed.js';
import { runAggregation } from '../../lib/app/run-aggregation.js';
import { snapshotKeys } from '../../lib/app/snapshot-files.js';
import { testClock } from '../support/clock.js';
import { memoryDeps } from '../support/memory.js';

const AT = '2026-11-27T12:00:00.000Z';

const { deps, objects } = memoryDeps(testClock(AT));
await seedDemo(deps, '', () => {});
const summary = await runAggregation(deps);
const body = await objects.get(snapshotKeys(DEMO.collaborationId, DEMO.surveyId).latestJson);
if (body === null) throw new Error(`Nothing published: ${JSON.stringify(summary)}`);
// When it ran and how long the audit's solver took differ on every run; every figure does not.
const { generatedAt: _time, ...snapshot } = JSON.parse(new TextDecoder().decode(body));
if (snapshot.audit) delete snapshot.audit.solverMs;
const out = `${JSON.stringify(snapshot, null, 1)}\n`;
process.stdout.write(out);
process.stderr.write(
  `demo snapshot at ${AT}: ${snapshot.cells.length} cells, sha256 ${createHash('sha256').update(out).digest('hex')}\n`,
);
