import type { Context } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { ValidationError } from '../../lib/errors.js';
import { httpFunction } from '../../lib/http/http-function.js';
import { json } from '../../lib/http/types.js';
import { createLogger } from '../../lib/logger.js';
import { createMetrics } from '../../lib/metrics.js';
import { httpEvent } from '../support/events.js';

const event = (routeKey: string) => httpEvent(routeKey);

describe('outcome metrics', () => {
  it('counts accepted and rejected submissions, and only the status class for other routes', async () => {
    const metrics = createMetrics('test');
    const added = vi.spyOn(metrics, 'addMetric');
    vi.spyOn(metrics, 'publishStoredMetrics').mockImplementation(() => metrics);
    const handler = httpFunction({
      deps: {},
      logger: createLogger('test'),
      metrics,
      outcomes: {
        'PUT /ok': { ok: 'Submitted', rejected: 'Rejected' },
        'PUT /bad': { ok: 'Submitted', rejected: 'Rejected' },
      },
      routes: {
        'PUT /ok': async () => json(200, {}),
        'PUT /bad': async () => {
          throw new ValidationError('no');
        },
        'GET /other': async () => json(200, {}),
      },
    });

    await handler(event('PUT /ok'), {} as Context);
    await handler(event('PUT /bad'), {} as Context);
    await handler(event('GET /other'), {} as Context);

    expect(added.mock.calls.map(([name, , value]) => [name, value])).toEqual([
      ['Http2xx', 1],
      ['Submitted', 1],
      ['Http4xx', 1],
      ['Rejected', 1],
      ['Http2xx', 1],
    ]);
  });
});
