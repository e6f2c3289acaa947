import { Logger } from '@aws-lambda-powertools/logger';

/** Structured JSON logs (Powertools). Never log paths or bodies: they can hold tokens and answers. */
export const createLogger = (serviceName: string): Logger => new Logger({ serviceName });
