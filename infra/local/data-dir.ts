import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import dynaliteDb from 'dynalite/db/index.js';

import { StartError } from './start-errors.js';

const MIN_SECRET_LENGTH = 32;

const startAfresh = (dataDir: string) =>
  `restore the data dir from a backup, or delete ${dataDir} to start afresh (its surveys and responses are then lost)`;

/** Where the embedded DynamoDB keeps its LevelDB store. */
export const dynamoDbDir = (dataDir: string) => join(dataDir, 'dynamodb');

/**
 * Opens the embedded DynamoDB's store once, the way dynalite will, and closes it again. dynalite
 * itself reports a store it cannot open only as "Database is closed", thrown from a request
 * callback (an uncaught exception); this names the directory, LevelDB's own reason and what to do.
 */
export const checkDynamoDbStore = async (dataDir: string): Promise<void> => {
  const dir = dynamoDbDir(dataDir);
  const { db } = dynaliteDb.create({ path: dir });
  try {
    await db.open();
  } catch (error) {
    const cause = (error as Error & { cause?: Error & { code?: string } }).cause;
    if (cause?.code === 'LEVEL_LOCKED') {
      throw new StartError(
        `${dir} is in use by another local stack (${cause.message}): stop that one first, or give this one its own PULSE_DATA_DIR.`,
      );
    }
    throw new StartError(
      `The local DynamoDB cannot open ${dir}: ${cause?.message ?? (error as Error).message}. Its files are damaged: ${startAfresh(dataDir)}.`,
    );
  }
  await db.close();
};

/**
 * The server secret for response keys: generated once per data dir and kept there (mode 600). A data
 * dir whose table holds items but has lost its secret refuses to start: a new secret would give
 * every link new response keys, so a resubmission in the open wave would count twice, earlier edit
 * keys would stop working and the console's sessions would end.
 */
export const localHmacSecret = (dataDir: string, tableHoldsItems: boolean): string => {
  const file = join(dataDir, 'hmac-secret');
  if (!existsSync(file)) {
    if (tableHoldsItems) {
      throw new StartError(
        `${file} is missing, but ${dataDir} holds survey data keyed with it. A new secret would make every link count twice in the open wave and stop its edit keys working: put the old hmac-secret back, or ${startAfresh(dataDir)}.`,
      );
    }
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new StartError(
      `${file} is damaged (${secret.length} characters; a secret has at least ${MIN_SECRET_LENGTH}): put the old hmac-secret back, or ${startAfresh(dataDir)}.`,
    );
  }
  return secret;
};
