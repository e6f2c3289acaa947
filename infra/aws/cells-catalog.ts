import { Stack } from 'aws-cdk-lib';
import { CfnDatabase, CfnTable } from 'aws-cdk-lib/aws-glue';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  CELLS_COLUMNS,
  CELLS_PARTITION_KEYS,
  CELLS_TABLE_PREFIX,
  PARTICIPATION_COLUMNS,
  PARTICIPATION_TABLE_PREFIX,
} from './cells-table.js';
import type { StageSettings } from './settings.js';

/**
 * A Glue database with the `cells` and `participation` tables over the contract's Parquet paths, so
 * Athena (and through it QuickSight and Power BI) can query the published cells and response rates
 * with SQL.
 *
 * Partitions use `injected` projection: collaboration and survey ids are open-ended, so Athena takes
 * them from the query (which must say `WHERE collaboration = … AND survey = …`) and nothing ever
 * has to register partitions.
 */
export class CellsCatalog extends Construct {
  readonly databaseName: string;
  readonly tableName = 'cells';
  readonly participationTableName = 'participation';

  constructor(scope: Construct, id: string, settings: StageSettings, snapshots: IBucket) {
    super(scope, id);
    const { account } = Stack.of(this);
    this.databaseName = `alliance_pulse_${settings.stage.replaceAll('-', '_')}`;

    const database = new CfnDatabase(this, 'Database', {
      catalogId: account,
      databaseInput: { name: this.databaseName, description: 'Alliance Pulse published snapshots' },
    });
    const table = (
      id: string,
      name: string,
      description: string,
      prefix: string,
      columns: readonly { name: string; type: string }[],
    ) => {
      const root = `s3://${snapshots.bucketName}/${prefix}`;
      // Athena's placeholders, literally `collaboration=${collaboration}/survey=${survey}/`.
      const partitionPath = CELLS_PARTITION_KEYS.map((key) => `${key}=\${${key}}`).join('/');
      const created = new CfnTable(this, id, {
        catalogId: account,
        databaseName: this.databaseName,
        tableInput: {
          name,
          description,
          tableType: 'EXTERNAL_TABLE',
          partitionKeys: CELLS_PARTITION_KEYS.map((key) => ({ name: key, type: 'string' })),
          parameters: {
            classification: 'parquet',
            EXTERNAL: 'TRUE',
            'projection.enabled': 'true',
            ...Object.fromEntries(CELLS_PARTITION_KEYS.map((key) => [`projection.${key}.type`, 'injected'])),
            'storage.location.template': `${root}${partitionPath}/`,
          },
          storageDescriptor: {
            location: root,
            inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
            outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
            serdeInfo: {
              serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
              parameters: { 'serialization.format': '1' },
            },
            columns: columns.map((c) => ({ name: c.name.toLowerCase(), type: c.type })),
          },
        },
      });
      created.node.addDependency(database);
    };
    table(
      'CellsTable',
      this.tableName,
      'Published cells of every closed wave (suppressed cells have null statistics)',
      CELLS_TABLE_PREFIX,
      CELLS_COLUMNS,
    );
    table(
      'ParticipationTable',
      this.participationTableName,
      'Invited, responses and response rate per wave, overall and per segment',
      PARTICIPATION_TABLE_PREFIX,
      PARTICIPATION_COLUMNS,
    );
  }
}
