import type { ManagedPolicy } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { AthenaWorkGroup } from './athena-workgroup.js';
import { athenaQueryPolicy, biReaderPolicy } from './bi-policies.js';
import { CellsCatalog } from './cells-catalog.js';
import type { StageSettings } from './settings.js';

export interface BiAccessProps {
  settings: StageSettings;
  snapshots: IBucket;
  accessLogs: IBucket;
}

/**
 * Everything BI tools need to read the published snapshots: the read-only reader policy, the Glue
 * catalog of the Parquet cells, an Athena workgroup, and the policy that lets a reader query
 * through it. BI users get `readerPolicy`, plus `queryPolicy` for Athena, QuickSight and Power BI.
 */
export class BiAccess extends Construct {
  readonly readerPolicy: ManagedPolicy;
  readonly queryPolicy: ManagedPolicy;
  readonly catalog: CellsCatalog;
  readonly workGroup: AthenaWorkGroup;

  constructor(scope: Construct, id: string, props: BiAccessProps) {
    super(scope, id);
    this.catalog = new CellsCatalog(this, 'Catalog', props.settings, props.snapshots);
    this.workGroup = new AthenaWorkGroup(this, 'Athena', props.settings, props.accessLogs);
    this.readerPolicy = biReaderPolicy(this, 'ReaderPolicy', props.snapshots);
    this.queryPolicy = athenaQueryPolicy(this, 'QueryPolicy', {
      databaseName: this.catalog.databaseName,
      workGroupName: this.workGroup.name,
      results: this.workGroup.results,
    });
  }
}
