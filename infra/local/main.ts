import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadLocalConfig } from './config.js';
import { DEMO, type DemoLink, seedDemo } from './seed.js';
import { type LocalStack, startLocalStack } from './stack.js';
import { StartError } from './start-errors.js';

/** The demo links kept beside the data (tokens are stored only as hashes, so this is their only copy). */
const readDemoLinks = (file: string, log: (line: string) => void): DemoLink[] | null => {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as DemoLink[];
  } catch (error) {
    // Only the printout needs it: say so and go on serving.
    log(`Survey links     ${file} is damaged (${(error as Error).message}): no links to print.`);
    return null;
  }
};

/** `npm start`: the local stack on embedded emulators, seeded with the demo alliance on first start. */
const main = async () => {
  const config = loadLocalConfig(process.env);
  const log = (line: string) => process.stdout.write(`${line}\n`);
  log(`Alliance Pulse (local) — data in ${resolve(config.dataDir)}`);
  const stack = await startLocalStack(config, { env: process.env });

  const linksFile = join(resolve(config.dataDir), 'demo-links.json');
  if (config.seed === 'demo') {
    if (await stack.deps.stores.collaborations.get(DEMO.collaborationId)) {
      log('Demo data found: not seeding again.');
    } else {
      log('Seeding the demo collaboration …');
      const links = await seedDemo(stack.deps, '', log);
      // Tokens are stored only as hashes, so the demo keeps its links here to print them on later starts.
      writeFileSync(linksFile, JSON.stringify(links, null, 2), { mode: 0o600 });
      log('Publishing the first snapshots …');
      const summary = await stack.runJob();
      for (const s of summary.surveys)
        log(`  ${s.collaborationId}/${s.surveyId}: ${s.status}, ${s.written.length} objects written`);
    }
  }

  log('');
  log(`HTTP API         ${stack.url}  (OpenAPI: ${stack.url}/openapi.json)`);
  log(`Admin token      ${stack.adminToken}`);
  log(`Support console  ${stack.url}/console  (sign in with the admin token)`);
  if (await stack.deps.stores.collaborations.get(DEMO.collaborationId)) {
    log(
      `                 curl -H "Authorization: Bearer ${stack.adminToken}" ${stack.url}/admin/collaborations/${DEMO.collaborationId}`,
    );
    // The report route needs the bearer token, which a browser address bar cannot send: save the page.
    const report = `${stack.url}/admin/collaborations/${DEMO.collaborationId}/surveys/${DEMO.surveyId}/report`;
    log(`Results report   ${report}`);
    log(
      `                 curl -H "Authorization: Bearer ${stack.adminToken}" -o report.html ${report}  (then open report.html)`,
    );
  }
  log(`DynamoDB         ${stack.dynamoDbEndpoint}  table ${stack.tableName}`);
  log(
    `S3               ${stack.s3Endpoint}  bucket ${stack.bucketName}, snapshots under s3://${stack.bucketName}/snapshots/v1/`,
  );
  const links = existsSync(linksFile) ? readDemoLinks(linksFile, log) : null;
  if (links) {
    log(`Survey links     (${links.length} in ${linksFile}), for example:`);
    for (const link of links.filter((_, i) => i % 37 === 0).slice(0, 4)) {
      log(`  ${stack.url}${link.url}   ${link.partner} / ${link.neighbourhood}`);
    }
  }
  log('');
  log('Press Ctrl+C to stop.');

  stopOnSignals(stack, log);
};

/** How long a stop may take (requests and a job run in flight finish first) before the process just exits. */
const STOP_DEADLINE_MS = 15_000;

/**
 * SIGINT (Ctrl+C) and SIGTERM (what Docker, systemd, `timeout` and `kill` send; npm forwards it to
 * this process, which the start script `exec`s in place of its shell) stop the stack: the ports are
 * free when the process has gone. A stop that hangs past the deadline, or a second signal, exits at
 * once: the data is crash-safe, and a process that will not die is worse than a cut job run.
 */
const stopOnSignals = (stack: LocalStack, log: (line: string) => void) => {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      log(`${signal} again: exiting now.`);
      process.exit(1);
    }
    stopping = true;
    log(`\n${signal}: stopping …`);
    setTimeout(() => {
      log(`Not stopped within ${STOP_DEADLINE_MS / 1000} s: exiting now.`);
      process.exit(1);
    }, STOP_DEADLINE_MS).unref();
    stack.stop().then(
      () => {
        log('Stopped.');
        process.exit(0);
      },
      (error: unknown) => {
        console.error('Stopping failed:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
};

main().catch((error) => {
  // A StartError's message says what is wrong and what to do; anything else is a bug: show it whole.
  console.error(error instanceof StartError ? error.message : error);
  process.exit(1);
});
