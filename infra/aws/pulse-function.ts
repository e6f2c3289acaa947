import type { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { type IRole, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ENV } from '../../lib/config.js';
import { nodejsBundling } from './bundling.js';
import { entryOf, type LambdaName } from './entries.js';

/** Powertools metrics land in this CloudWatch namespace (EMF). */
export const METRICS_NAMESPACE = 'AlliancePulse';

export interface PulseFunctionProps {
  name: LambdaName;
  memorySize: number;
  timeout: Duration;
  logRetentionDays: number;
  removalPolicy: RemovalPolicy;
  environment?: Record<string, string>;
  /** Static files copied beside the bundle (name → path). */
  assets?: Record<string, string>;
  /** Async invocation settings (the scheduled job). */
  async?: Pick<NodejsFunctionProps, 'retryAttempts' | 'maxEventAge' | 'onFailure'>;
}

/**
 * One Lambda function: its handler bundled by the local esbuild as minified ESM for Node 24 on
 * arm64, its own log group with retention, and its own role that starts with nothing but the right
 * to write to that log group. Data access is granted by the caller, statement by statement.
 */
export class PulseFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: IRole;

  constructor(scope: Construct, id: string, props: PulseFunctionProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetentionDays,
      removalPolicy: props.removalPolicy,
    });
    // Our own role instead of AWSLambdaBasicExecutionRole, which may write to any log group.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Alliance Pulse ${props.name} function`,
    });
    logGroup.grantWrite(role);
    this.role = role;

    this.fn = new NodejsFunction(this, 'Function', {
      entry: entryOf(props.name),
      handler: 'handler',
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role,
      logGroup,
      bundling: nodejsBundling(props.assets),
      environment: {
        // The app is never in local mode on AWS: say so rather than rely on the default.
        [ENV.mode]: 'aws',
        POWERTOOLS_SERVICE_NAME: props.name,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      ...props.async,
    });
  }
}
