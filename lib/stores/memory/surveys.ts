import type { Survey } from '../../domain/survey.js';
import type { SurveyStore } from '../ports.js';
import { surveyKey as key } from './keys.js';

export class MemorySurveyStore implements SurveyStore {
  private readonly items = new Map<string, Survey>();

  async get(collaborationId: string, surveyId: string): Promise<Survey | null> {
    const found = this.items.get(key(collaborationId, surveyId));
    return found ? structuredClone(found) : null;
  }

  async put(survey: Survey): Promise<void> {
    this.items.set(key(survey.collaborationId, survey.id), structuredClone(survey));
  }

  async listFor(collaborationId: string): Promise<Survey[]> {
    return [...this.items.values()]
      .filter((s) => s.collaborationId === collaborationId)
      .map((s) => structuredClone(s));
  }

  async listAll(): Promise<{ collaborationId: string; surveyId: string }[]> {
    return [...this.items.values()].map((s) => ({ collaborationId: s.collaborationId, surveyId: s.id }));
  }
}
