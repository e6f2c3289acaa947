import { ConditionalCheckFailedException, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { ConflictError } from '../../errors.js';

/**
 * The single table. Items (pk / sk):
 *   collaboration  C#{c}            / C                  gsi1: COLLABORATIONS / C#{c}
 *   survey         C#{c}            / S#{s}              gsi1: SURVEYS / C#{c}#S#{s}
 *   wave           C#{c}#S#{s}      / W#{w}
 *   link           L#{tokenHash}    / L                  gsi1: C#{c}#S#{s}#L / L#{linkId}
 *   response       R#{c}#{s}#{w}#{shard} / {HMAC(token, wave)}
 *   comments       M#{c}#{s}#{w}#{shard} / {HMAC(token, wave, "comment")}
 *   submission lock R#{c}#{s}#{w}#{shard}#L / {HMAC(token, wave, "lock")}   (emulator only, short-lived)
 *   job state      C#{c}#S#{s}      / AGG                what the scheduled job last published
 *   lease          LEASE#{name}     / LEASE              expiring lock (one job run per survey)
 * A wave's responses are spread over `shards` partitions (chosen by the key's first bytes) so no
 * partition is hot and the job reads them with parallel queries.
 */
export const TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  gsi1: { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  /** DynamoDB TTL (epoch seconds) on AWS; the emulator has no TTL, so the job's purge step also deletes. */
  timeToLive: 'ttl',
} as const;

export const keys = {
  collaboration: (c: string) => ({ pk: `C#${c}`, sk: 'C' }),
  collaborationIndex: (c: string) => ({ gsi1pk: 'COLLABORATIONS', gsi1sk: `C#${c}` }),
  survey: (c: string, s: string) => ({ pk: `C#${c}`, sk: `S#${s}` }),
  surveyIndex: (c: string, s: string) => ({ gsi1pk: 'SURVEYS', gsi1sk: `C#${c}#S#${s}` }),
  wavesOf: (c: string, s: string) => `C#${c}#S#${s}`,
  wave: (c: string, s: string, w: string) => ({ pk: `C#${c}#S#${s}`, sk: `W#${w}` }),
  link: (tokenHash: string) => ({ pk: `L#${tokenHash}`, sk: 'L' }),
  linksOf: (c: string, s: string) => `C#${c}#S#${s}#L`,
  linkIndex: (c: string, s: string, id: string) => ({ gsi1pk: `C#${c}#S#${s}#L`, gsi1sk: `L#${id}` }),
  aggregationState: (c: string, s: string) => ({ pk: `C#${c}#S#${s}`, sk: 'AGG' }),
  responseShard: (c: string, s: string, w: string, shard: number) => `R#${c}#${s}#${w}#${shard}`,
  commentShard: (c: string, s: string, w: string, shard: number) => `M#${c}#${s}#${w}#${shard}`,
  /** A shard's submission locks (emulator only: AWS writes a submission in one transaction). */
  lockShard: (c: string, s: string, w: string, shard: number) => `R#${c}#${s}#${w}#${shard}#L`,
};

/** The shard of an opaque base64url key: its first two bytes modulo the shard count. */
export const shardOf = (opaqueKey: string, shards: number): number =>
  Buffer.from(opaqueKey, 'base64url').readUInt16BE(0) % shards;

/** The table as the local stack creates it (CDK declares the same keys in infra/aws). */
export const createTableInput = (tableName: string): CreateTableCommandInput => ({
  TableName: tableName,
  BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: [
    { AttributeName: TABLE.partitionKey, AttributeType: 'S' },
    { AttributeName: TABLE.sortKey, AttributeType: 'S' },
    { AttributeName: TABLE.gsi1.partitionKey, AttributeType: 'S' },
    { AttributeName: TABLE.gsi1.sortKey, AttributeType: 'S' },
  ],
  KeySchema: [
    { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
    { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
  ],
  GlobalSecondaryIndexes: [
    {
      IndexName: TABLE.gsi1.name,
      KeySchema: [
        { AttributeName: TABLE.gsi1.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE.gsi1.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    },
  ],
});

/** Runs a conditional write, turning a failed condition into a `ConflictError`. */
export const conditional = async <T>(write: Promise<T>, message: string): Promise<T> => {
  try {
    return await write;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw new ConflictError(message);
    throw error;
  }
};

/** Strips the key attributes from an item. */
export const withoutKeys = <T>(item: Record<string, unknown>): T => {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, ...rest } = item;
  return rest as T;
};
