import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { metricsNamespace } from './config.js';

export { MetricUnit };

/** CloudWatch metrics as EMF log lines (Powertools); the CDK app names the namespace. */
export const createMetrics = (serviceName: string): Metrics =>
  new Metrics({ namespace: metricsNamespace(), serviceName });
