import type { Collaboration } from '../../domain/collaboration.js';
import type { CollaborationStore } from '../ports.js';

/** Collaborations in a Map. Like every in-memory adapter, it stores and returns copies, as a database would. */
export class MemoryCollaborationStore implements CollaborationStore {
  private readonly items = new Map<string, Collaboration>();

  async get(id: string): Promise<Collaboration | null> {
    const found = this.items.get(id);
    return found ? structuredClone(found) : null;
  }

  async put(collaboration: Collaboration): Promise<void> {
    this.items.set(collaboration.id, structuredClone(collaboration));
  }

  async list(): Promise<{ id: string; name: string }[]> {
    return [...this.items.values()]
      .map(({ id, name }) => ({ id, name }))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}
