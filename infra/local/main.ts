import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadLocalConfig } from './config.js';
import { DEMO, type DemoLink, seedDemo } from './seed.js';
import { startLocalStack } from './stack.js';

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
  if (existsSync(linksFile)) {
    const links = JSON.parse(readFileSync(linksFile, 'utf8')) as DemoLink[];
    log(`Survey links     (${links.length} in ${linksFile}), for example:`);
    for (const link of links.filter((_, i) => i % 37 === 0).slice(0, 4)) {
      log(`  ${stack.url}${link.url}   ${link.partner} / ${link.neighbourhood}`);
    }
  }
  log('');
  log('Press Ctrl+C to stop.');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`\n${signal}: stopping …`);
    await stack.stop();
    log('Stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
};

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
