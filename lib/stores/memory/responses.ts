import type { CommentRecord, ResponseRecord } from '../../domain/response.js';
import type { ResponseStore, Submission, WaveRef } from '../ports.js';
import { entryOf } from './keys.js';

/** Pages as large as a DynamoDB query page, so readers see more than one page on big waves. */
const PAGE_SIZE = 1000;

const waveKey = (wave: WaveRef) => `${wave.collaborationId}\u0000${wave.surveyId}\u0000${wave.waveId}`;

function* pages<T>(items: T[]): Iterable<T[]> {
  for (let start = 0; start < items.length; start += PAGE_SIZE) yield items.slice(start, start + PAGE_SIZE);
}

export class MemoryResponseStore implements ResponseStore {
  private readonly responses = new Map<
    string,
    Map<string, { response: ResponseRecord; editKeyHash: string }>
  >();
  private readonly comments = new Map<string, Map<string, CommentRecord[]>>();
  /** Expiry stamps by item (`r` or `c`, then its key): memory has no TTL, it only remembers them. */
  private readonly expiries = new Map<string, Map<string, number>>();

  private of<T>(table: Map<string, Map<string, T>>, wave: WaveRef): Map<string, T> {
    return entryOf(table, waveKey(wave));
  }

  /** Both writes happen in one synchronous step, so no other submission can interleave with them. */
  async putSubmission(wave: WaveRef, submission: Submission): Promise<void> {
    this.putResponse(wave, submission.responseKey, submission.response, submission.editKeyHash);
    this.replaceComments(wave, submission.commentKey, submission.comments);
  }

  private putResponse(wave: WaveRef, responseKey: string, response: ResponseRecord, editKeyHash: string) {
    this.of(this.responses, wave).set(responseKey, {
      // A response belongs to the wave it is stored under, as the DynamoDB adapter reads it back.
      response: structuredClone({ ...response, waveId: wave.waveId }),
      editKeyHash,
    });
  }

  async putResponses(
    wave: WaveRef,
    entries: { responseKey: string; response: ResponseRecord; editKeyHash: string }[],
  ): Promise<void> {
    for (const e of entries) this.putResponse(wave, e.responseKey, e.response, e.editKeyHash);
  }

  async getResponse(wave: WaveRef, responseKey: string) {
    const found = this.of(this.responses, wave).get(responseKey);
    return found ? structuredClone(found) : null;
  }

  async putComments(wave: WaveRef, commentKey: string, comments: CommentRecord[]): Promise<void> {
    this.replaceComments(wave, commentKey, comments);
  }

  private replaceComments(wave: WaveRef, commentKey: string, comments: CommentRecord[]) {
    const items = this.of(this.comments, wave);
    if (comments.length === 0) items.delete(commentKey);
    else items.set(commentKey, structuredClone(comments.map((c) => ({ ...c, waveId: wave.waveId }))));
  }

  async getComments(wave: WaveRef, commentKey: string): Promise<CommentRecord[]> {
    return structuredClone(this.of(this.comments, wave).get(commentKey) ?? []);
  }

  async *readWave(wave: WaveRef): AsyncIterable<ResponseRecord[]> {
    const all = [...this.of(this.responses, wave).values()].map((e) => structuredClone(e.response));
    yield* pages(all);
  }

  async *readWaveComments(wave: WaveRef): AsyncIterable<CommentRecord[]> {
    yield* pages(structuredClone([...this.of(this.comments, wave).values()].flat()));
  }

  async stampExpiry(wave: WaveRef, expiresAt: Date, limit: number) {
    const stamps = this.of(this.expiries, wave);
    const unstamped = [
      ...[...this.of(this.responses, wave).keys()].map((k) => `r${k}`),
      ...[...this.of(this.comments, wave).keys()].map((k) => `c${k}`),
    ].filter((item) => stamps.get(item) !== expiresAt.getTime());
    const batch = unstamped.slice(0, Math.max(0, limit));
    for (const item of batch) stamps.set(item, expiresAt.getTime());
    return { stamped: batch.length, done: batch.length === unstamped.length };
  }

  /** The expiry stamped on every item of a wave, by item (for tests: memory deletes nothing by itself). */
  expiriesOf(wave: WaveRef): number[] {
    return [...this.of(this.expiries, wave).values()];
  }

  async deleteWave(wave: WaveRef, limit: number) {
    const responses = this.of(this.responses, wave);
    const comments = this.of(this.comments, wave);
    const stamps = this.of(this.expiries, wave);
    const deleted = { responses: 0, comments: 0 };
    for (const [items, kind, prefix] of [
      [responses, 'responses', 'r'],
      [comments, 'comments', 'c'],
    ] as const) {
      const room = Math.max(0, limit - deleted.responses - deleted.comments);
      for (const key of [...items.keys()].slice(0, room)) {
        items.delete(key);
        stamps.delete(`${prefix}${key}`);
        deleted[kind]++;
      }
    }
    return { ...deleted, done: responses.size + comments.size === 0 };
  }

  async countWave(wave: WaveRef) {
    const counts = new Map<string, { partnerId: string; neighbourhoodId: string; count: number }>();
    for (const { response } of this.of(this.responses, wave).values()) {
      const key = `${response.partnerId}\u0000${response.neighbourhoodId}`;
      const entry = counts.get(key) ?? {
        partnerId: response.partnerId,
        neighbourhoodId: response.neighbourhoodId,
        count: 0,
      };
      entry.count++;
      counts.set(key, entry);
    }
    return [...counts.values()];
  }
}
