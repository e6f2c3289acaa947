import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { CELLS_COLUMNS, PARTICIPATION_COLUMNS } from '../../infra/aws/cells-table.js';
import { actionsOf, resourcesOf, type Statement, synthStack } from './synth.js';

const { template } = synthStack();
const policies = Object.values(template.findResources('AWS::IAM::ManagedPolicy'));
const policy = (description: RegExp) => {
  const found = policies.find((p) => description.test(p.Properties.Description));
  return found?.Properties.PolicyDocument.Statement as Statement[];
};

describe('the BI reader policy', () => {
  const statements = policy(/read-only/);

  it('reads snapshot objects and lists only under snapshots/', () => {
    expect(actionsOf(statements).sort()).toEqual(['s3:GetBucketLocation', 's3:GetObject', 's3:ListBucket']);
    const get = statements.find((s) => s.Action === 's3:GetObject') as Statement;
    expect(resourcesOf(get)[0]).toContain('/snapshots/*');
    const list = statements.find((s) => s.Action === 's3:ListBucket') as Statement;
    expect(list.Condition).toEqual({ StringLike: { 's3:prefix': ['snapshots/', 'snapshots/*'] } });
  });
});

describe('the Athena query policy', () => {
  it('writes only to the query results bucket and never to snapshots', () => {
    const statements = policy(/Athena/);
    const writes = statements.filter((s) => actionsOf([s]).includes('s3:PutObject'));
    expect(writes).toHaveLength(1);
    expect(
      writes.flatMap(resourcesOf).every((r) => r.includes('BiAthenaResults') && r.includes('/results/*')),
    ).toBe(true);
    expect(actionsOf(statements).every((a) => !a.endsWith('*'))).toBe(true);
  });
});

const glueTables = Object.values(template.findResources('AWS::Glue::Table'));
const glueTable = (name: string) =>
  glueTables.find((t) => t.Properties.TableInput.Name === name)?.Properties.TableInput;

describe('the Glue table', () => {
  const input = glueTable('cells');

  it('declares the cells columns and partitions by collaboration and survey', () => {
    expect(input.StorageDescriptor.Columns).toEqual(
      CELLS_COLUMNS.map(({ name, type }) => ({ Name: name.toLowerCase(), Type: type })),
    );
    expect(input.PartitionKeys).toEqual([
      { Name: 'collaboration', Type: 'string' },
      { Name: 'survey', Type: 'string' },
    ]);
    expect(input.StorageDescriptor.SerdeInfo.SerializationLibrary).toContain('ParquetHiveSerDe');
  });

  it('projects partitions from the query onto the contract path', () => {
    expect(input.Parameters).toMatchObject({
      'projection.enabled': 'true',
      'projection.collaboration.type': 'injected',
      'projection.survey.type': 'injected',
    });
    // Athena's placeholders, not JavaScript's: the template literally holds `${collaboration}`.
    const placeholder = (key: string) => `$\{${key}}`;
    expect(JSON.stringify(input.Parameters['storage.location.template'])).toContain(
      `/snapshots/v1/tables/cells/collaboration=${placeholder('collaboration')}/survey=${placeholder('survey')}/`,
    );
  });
});

describe('the participation Glue table', () => {
  const input = glueTable('participation');

  it('declares the participation columns beside cells, partitioned the same way, on the contract path', () => {
    expect(glueTables).toHaveLength(2);
    expect(input.StorageDescriptor.Columns).toEqual(
      PARTICIPATION_COLUMNS.map(({ name, type }) => ({ Name: name.toLowerCase(), Type: type })),
    );
    expect(input.StorageDescriptor.Columns.map((c: { Name: string }) => c.Name)).toEqual(
      expect.arrayContaining([
        'wave',
        'dimension',
        'segment',
        'segmentname',
        'invited',
        'responses',
        'responserate',
      ]),
    );
    expect(input.PartitionKeys).toEqual([
      { Name: 'collaboration', Type: 'string' },
      { Name: 'survey', Type: 'string' },
    ]);
    expect(input.StorageDescriptor.SerdeInfo.SerializationLibrary).toContain('ParquetHiveSerDe');
    const placeholder = (key: string) => `$\{${key}}`;
    expect(JSON.stringify(input.Parameters['storage.location.template'])).toContain(
      `/snapshots/v1/tables/participation/collaboration=${placeholder('collaboration')}/survey=${placeholder('survey')}/`,
    );
  });
});

describe('the Athena workgroup', () => {
  it('enforces encrypted results in its own bucket', () => {
    template.hasResourceProperties('AWS::Athena::WorkGroup', {
      WorkGroupConfiguration: Match.objectLike({
        EnforceWorkGroupConfiguration: true,
        ResultConfiguration: Match.objectLike({ EncryptionConfiguration: { EncryptionOption: 'SSE_S3' } }),
      }),
    });
  });
});
