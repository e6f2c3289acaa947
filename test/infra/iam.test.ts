import { describe, expect, it } from 'vitest';
import { keys } from '../../lib/stores/dynamodb/table.js';
import { actionsOf, resourcesOf, type Statement, statementsOf, synthStack } from './synth.js';

const { template } = synthStack();

/** IAM StringLike: `*` matches any run of characters, `?` one character. */
const like = (pattern: string, value: string): boolean =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replaceAll('*', '.*')
      .replaceAll('?', '.')}$`,
  ).test(value);

/** Whether the statement's LeadingKeys condition lets a request on this partition key through. */
const allowsPartition = (statement: Statement, pk: string): boolean => {
  const patterns = statement.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'] as string[];
  return patterns.some((p) => like(p, pk));
};

const dynamoStatements = (statements: Statement[], action: string) =>
  statements.filter((s) => actionsOf([s]).includes(action));

describe('respondent function', () => {
  const { role, statements } = statementsOf(template, 'respondent');

  it('has no S3 access, no Scan, no batch or update, and nothing on any index', () => {
    const actions = actionsOf(statements);
    expect(actions.filter((a) => a.startsWith('s3:'))).toEqual([]);
    expect(actions).not.toContain('dynamodb:Scan');
    expect(actions.filter((a) => /Batch|Update|\*/.test(a))).toEqual([]);
    expect(statements.flatMap(resourcesOf).filter((r) => r.includes('/index/'))).toEqual([]);
    expect(role?.Properties?.ManagedPolicyArns).toBeUndefined();
  });

  it('restricts every table action by partition key, and the key must be present', () => {
    const table = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('dynamodb:')));
    expect(table.length).toBeGreaterThan(0);
    for (const s of table) {
      expect(s.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys']).toBeDefined();
      expect(s.Condition?.Null?.['dynamodb:LeadingKeys']).toBe('false');
    }
  });

  it('reads links, collaborations, surveys and its own answers, and lists waves', () => {
    const [get] = dynamoStatements(statements, 'dynamodb:GetItem');
    const [query] = dynamoStatements(statements, 'dynamodb:Query');
    for (const pk of [
      keys.link('hash').pk,
      keys.collaboration('c').pk,
      keys.survey('c', 's').pk,
      keys.responseShard('c', 's', 'w', 0),
      keys.commentShard('c', 's', 'w', 0),
    ]) {
      expect(allowsPartition(get as Statement, pk), pk).toBe(true);
    }
    expect(allowsPartition(query as Statement, keys.wavesOf('c', 's'))).toBe(true);
    // Reading a whole wave's responses or comments is the job's, not the respondent's.
    expect(allowsPartition(query as Statement, keys.responseShard('c', 's', 'w', 0))).toBe(false);
    expect(allowsPartition(query as Statement, keys.commentShard('c', 's', 'w', 0))).toBe(false);
  });

  it('writes and deletes only responses and comments', () => {
    const writes = [
      ...dynamoStatements(statements, 'dynamodb:PutItem'),
      ...dynamoStatements(statements, 'dynamodb:DeleteItem'),
    ];
    expect(writes.length).toBeGreaterThan(0);
    for (const s of writes) {
      expect(allowsPartition(s, keys.responseShard('c', 's', 'w', 1))).toBe(true);
      expect(allowsPartition(s, keys.commentShard('c', 's', 'w', 1))).toBe(true);
      for (const pk of [keys.link('h').pk, keys.collaboration('c').pk, keys.wave('c', 's', 'w').pk]) {
        expect(allowsPartition(s, pk), pk).toBe(false);
      }
    }
  });

  it('may read the HMAC secret', () => {
    expect(actionsOf(statements)).toContain('secretsmanager:GetSecretValue');
  });
});

describe('admin function', () => {
  const { statements } = statementsOf(template, 'admin');
  const actions = actionsOf(statements);

  it('reads and writes table items and queries the index, without Scan', () => {
    expect(actions).toEqual(
      expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query']),
    );
    expect(actions).not.toContain('dynamodb:Scan');
    expect(statements.flatMap(resourcesOf).some((r) => r.includes('/index/gsi1'))).toBe(true);
  });

  // Since the audit trail (issue 10) the admin function also appends to and reads audit/v1/.
  it('reads and writes objects only under snapshots/, the job state and the audit trail, and invokes nothing', () => {
    const objectStatements = statements.filter((s) => actionsOf([s]).some((a) => a.endsWith('Object')));
    expect(objectStatements).toHaveLength(2);
    expect(
      objectStatements
        .flatMap(resourcesOf)
        .every(
          (r) =>
            r.endsWith('/snapshots/*"]]}') || r.endsWith('/state/v1/*"]]}') || r.endsWith('/audit/v1/*"]]}'),
        ),
    ).toBe(true);
    expect(objectStatements.flatMap(resourcesOf).some((r) => r.endsWith('/state/v1/*"]]}'))).toBe(true);
    expect(actions.filter((a) => a.startsWith('lambda:') || a === 's3:DeleteObject')).toEqual([]);
    expect(actions).toContain('secretsmanager:GetSecretValue');
  });
});

describe('aggregate job', () => {
  const { statements } = statementsOf(template, 'aggregate');
  const actions = actionsOf(statements);

  it('reads responses, writes the table and snapshots, and reaches its dead-letter queue', () => {
    expect(actions).toEqual(
      expect.arrayContaining([
        'dynamodb:Query',
        'dynamodb:PutItem',
        's3:PutObject',
        's3:GetObject',
        'sqs:SendMessage',
      ]),
    );
    expect(actions).not.toContain('dynamodb:Scan');
    expect(actions).toContain('secretsmanager:GetSecretValue');
  });

  it('keeps its frozen sums under state/v1/, beside the snapshots', () => {
    const objects = statements.filter((s) => actionsOf([s]).includes('s3:PutObject')).flatMap(resourcesOf);
    expect(objects.some((r) => r.endsWith('/state/v1/*"]]}'))).toBe(true);
    expect(objects.some((r) => r.endsWith('/snapshots/*"]]}'))).toBe(true);
  });
});

describe('public function', () => {
  it('has no data access at all: only its own logs', () => {
    const { statements } = statementsOf(template, 'public');
    expect(actionsOf(statements).sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
  });
});

describe('every function', () => {
  it('has its own role with no AWS managed policy and writes only its own log group', () => {
    for (const name of ['respondent', 'admin', 'public', 'aggregate']) {
      const { role, statements } = statementsOf(template, name);
      expect(role?.Properties?.ManagedPolicyArns, name).toBeUndefined();
      const logs = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('logs:')));
      expect(logs, name).toHaveLength(1);
      expect(
        logs.flatMap(resourcesOf).every((r) => r.includes('Logs') && r.includes('Fn::GetAtt')),
        name,
      ).toBe(true);
    }
  });
});
