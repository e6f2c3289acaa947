import type { AggregationState, AggregationStateStore } from '../ports.js';
import { surveyKey as key } from './keys.js';

export class MemoryAggregationStateStore implements AggregationStateStore {
  private readonly states = new Map<string, AggregationState>();

  async get(collaborationId: string, surveyId: string): Promise<AggregationState | null> {
    const found = this.states.get(key(collaborationId, surveyId));
    return found ? structuredClone(found) : null;
  }

  async put(collaborationId: string, surveyId: string, state: AggregationState): Promise<void> {
    this.states.set(key(collaborationId, surveyId), structuredClone(state));
  }
}
