import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { TABLE } from '../../lib/stores/dynamodb/table.js';
import { removalPolicyOf, type StageSettings } from './settings.js';

/**
 * The single DynamoDB table, declared with the same keys and index as the local stack creates
 * (`TABLE` in lib/stores/dynamodb/table.ts). On-demand, encrypted, point-in-time recovery always,
 * and deletion protection plus RETAIN unless the stage is throwaway: it holds every response. TTL on
 * `ttl` deletes what the job stamped, even if the job stops running.
 */
export class PulseTable extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string, settings: StageSettings) {
    super(scope, id);
    this.table = new Table(this, 'Table', {
      partitionKey: { name: TABLE.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: !settings.throwaway,
      removalPolicy: removalPolicyOf(settings),
      // Retention's backstop: the job stamps a frozen wave's responses and comments (lib/domain/retention.ts).
      timeToLiveAttribute: TABLE.timeToLive,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: TABLE.gsi1.name,
      partitionKey: { name: TABLE.gsi1.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE.gsi1.sortKey, type: AttributeType.STRING },
      projectionType: ProjectionType.ALL,
    });
  }

  /** The one index's ARN, named exactly so grants need no `index/*` wildcard. */
  get gsi1Arn(): string {
    return `${this.table.tableArn}/index/${TABLE.gsi1.name}`;
  }
}
