import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

export { MetricUnit };

/** CloudWatch metrics as EMF log lines (Powertools); the CDK app names the namespace. */
export const createMetrics = (serviceName: string): Metrics =>
  new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'AlliancePulse', serviceName });
