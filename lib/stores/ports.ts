import type { AuditEvent } from '../domain/audit.js';
import type { Collaboration } from '../domain/collaboration.js';
import type { Link } from '../domain/link.js';
import type { FrozenParticipation } from '../domain/participation.js';
import type { CommentRecord, ResponseRecord } from '../domain/response.js';
import type { Survey } from '../domain/survey.js';
import type { Wave, WaveVersion } from '../domain/wave.js';

/** Collaborations by id. */
export interface CollaborationStore {
  get(id: string): Promise<Collaboration | null>;
  put(collaboration: Collaboration): Promise<void>;
  /** Every collaboration's id and name, by id. */
  list(): Promise<{ id: string; name: string }[]>;
}

/** Surveys of a collaboration. */
export interface SurveyStore {
  get(collaborationId: string, surveyId: string): Promise<Survey | null>;
  put(survey: Survey): Promise<void>;
  /** The surveys of one collaboration. */
  listFor(collaborationId: string): Promise<Survey[]>;
  /** Every survey of every collaboration (the scheduled job walks them). */
  listAll(): Promise<{ collaborationId: string; surveyId: string }[]>;
}

/** A stored wave also remembers how many partitions its responses are spread over. */
export interface StoredWave extends Wave {
  shards: number;
  /** The survey as the wave asked it; kept when it opens (or, for older waves, on first read). */
  version?: WaveVersion;
  /** Participation per partner × neighbourhood, fixed once the wave has settled (rule 7). */
  participation?: FrozenParticipation;
  /** The TTL stamp (ISO) the job put on its responses and comments once its figures were frozen (retention). */
  expiryStamp?: string;
  /** When the job began deleting its responses and comments under retention; from then on they are gone to readers. */
  purgeStartedAt?: string;
  /** When the last of them was deleted. */
  purgedAt?: string;
}

/** The fields of a wave that are written once, by `WaveStore.keep`. */
export const KEPT_WAVE_FIELDS = [
  'version',
  'participation',
  'expiryStamp',
  'purgeStartedAt',
  'purgedAt',
] as const;
export type KeptWaveField = (typeof KEPT_WAVE_FIELDS)[number];

/** The waves of a survey. */
export interface WaveStore {
  list(collaborationId: string, surveyId: string): Promise<StoredWave[]>;
  get(collaborationId: string, surveyId: string, waveId: string): Promise<StoredWave | null>;
  /** Creates a wave; `ConflictError` when the id is taken. */
  create(collaborationId: string, surveyId: string, wave: StoredWave): Promise<void>;
  /** Replaces a wave's mutable fields (status, closesAt). */
  update(collaborationId: string, surveyId: string, wave: StoredWave): Promise<void>;
  /**
   * Records a wave's version, frozen participation or retention marks, each only if it has none yet
   * (written once; safe to race with `update` and with another reader doing the same). `NotFoundError`
   * when the wave is gone.
   */
  keep(
    collaborationId: string,
    surveyId: string,
    waveId: string,
    fields: Pick<StoredWave, KeptWaveField>,
  ): Promise<void>;
}

/** A link as stored: never the token, only its hash. */
export interface StoredLink extends Link {
  tokenHash: string;
}

/** Survey links, found by token hash (respondents) or by survey (support team). */
export interface LinkStore {
  /** Stores new links; `ConflictError` on a (vanishingly unlikely) hash collision. */
  createMany(links: StoredLink[]): Promise<void>;
  findByTokenHash(tokenHash: string): Promise<StoredLink | null>;
  list(collaborationId: string, surveyId: string): Promise<Link[]>;
  /**
   * Marks a link revoked at `at` (kept, so a past wave's invited count stays right); a link already
   * revoked keeps its first time. Returns the link; `NotFoundError` when it does not exist.
   */
  revoke(collaborationId: string, surveyId: string, linkId: string, at: Date): Promise<Link>;
  /**
   * Revokes at `at` every live link of a survey that matches the filter (all of them when it is empty);
   * returns how many were revoked by this call. `beforeRevoking`, when given, receives the matching
   * live links (the survey's links are read once) before any changes; when it throws, none does.
   */
  revokeWhere(
    collaborationId: string,
    surveyId: string,
    filter: { partnerId?: string; neighbourhoodId?: string },
    at: Date,
    beforeRevoking?: (live: Link[]) => Promise<void>,
  ): Promise<number>;
}

/** Where a wave's responses live: the survey, the wave and its shard count. */
export interface WaveRef {
  collaborationId: string;
  surveyId: string;
  waveId: string;
  shards: number;
}

/** How many partitions a new wave's responses are spread over (kept on the wave, so it may change later). */
export const RESPONSE_SHARDS = 16;

/** Where a stored wave's responses live. */
export const waveRef = (collaborationId: string, surveyId: string, wave: StoredWave): WaveRef => ({
  collaborationId,
  surveyId,
  waveId: wave.id,
  shards: wave.shards,
});

/** One respondent's submission as stored: keys are opaque HMACs computed by the use case. */
export interface Submission {
  responseKey: string;
  commentKey: string;
  lockKey: string;
  response: ResponseRecord;
  editKeyHash: string;
  comments: CommentRecord[];
}

/** Responses and comments. Keys are opaque HMACs computed by the use case (privacy rule 2). */
export interface ResponseStore {
  /**
   * Stores one submission whole: the response under `responseKey` (with the hash of its edit key)
   * and its comments under `commentKey` (an empty list deletes them), both or neither, replacing
   * what the link stored before in this wave. Two submissions through one link never mix: the
   * stored pair is always one submission's. `lockKey` is a third HMAC of the link, unlinkable to the
   * other two, for adapters that must serialise a link's writes (no transactions).
   */
  putSubmission(wave: WaveRef, submission: Submission): Promise<void>;
  /** Stores many responses at once (imports, the demo seed, benchmarks); each replaces any under its key. */
  putResponses(
    wave: WaveRef,
    entries: { responseKey: string; response: ResponseRecord; editKeyHash: string }[],
  ): Promise<void>;
  getResponse(
    wave: WaveRef,
    responseKey: string,
  ): Promise<{ response: ResponseRecord; editKeyHash: string } | null>;
  /** Replaces the comments under `commentKey`; an empty list deletes them. */
  putComments(wave: WaveRef, commentKey: string, comments: CommentRecord[]): Promise<void>;
  getComments(wave: WaveRef, commentKey: string): Promise<CommentRecord[]>;
  /** Every response of a wave, read by parallel queries over its shards, page by page. */
  readWave(wave: WaveRef): AsyncIterable<ResponseRecord[]>;
  /** Every comment of a wave, page by page. */
  readWaveComments(wave: WaveRef): AsyncIterable<CommentRecord[]>;
  /** Counts of a wave's responses by partner and neighbourhood. */
  countWave(wave: WaveRef): Promise<{ partnerId: string; neighbourhoodId: string; count: number }[]>;
  /**
   * Stamps up to `limit` of a closed wave's responses and comments that do not carry `expiresAt` yet with
   * it as their expiry (DynamoDB TTL deletes them after it; the emulator and memory keep the stamp only).
   * `done` when none is left unstamped. Resumable: a second call stamps only what the first did not.
   */
  stampExpiry(wave: WaveRef, expiresAt: Date, limit: number): Promise<{ stamped: number; done: boolean }>;
  /**
   * Deletes up to `limit` of a wave's items (responses, comments, any submission lock left behind), in
   * batches retried until every item was processed; `done` when none is left. Counts what it deleted.
   */
  deleteWave(wave: WaveRef, limit: number): Promise<{ responses: number; comments: number; done: boolean }>;
}

/** Expiring named leases, so two runs of the job never work on the same survey at once. */
export interface LeaseStore {
  /** Takes the lease if free, expired or already ours; false when someone else holds it. */
  acquire(name: string, owner: string, ttlMs: number, now: Date): Promise<boolean>;
  release(name: string, owner: string): Promise<void>;
}

/** What the scheduled job remembers about a survey between runs. */
export interface AggregationState {
  /** Fingerprint of the last published snapshot (without its time): equal means nothing to write. */
  contentHash: string | null;
  /**
   * Closed waves whose figures are published and frozen (their record is in the bucket). `auditedAgain`:
   * the `AUDIT_VERSION` under which a wave published under older rules was audited again (its record
   * is beside the publication), so later runs under that version neither audit it nor read the record.
   */
  waves: Record<string, { published: true; responses: number; auditedAgain?: number }>;
}

export interface AggregationStateStore {
  get(collaborationId: string, surveyId: string): Promise<AggregationState | null>;
  put(collaborationId: string, surveyId: string, state: AggregationState): Promise<void>;
}

/** One survey to aggregate: a unit of the job's work. */
export interface SurveyRef {
  collaborationId: string;
  surveyId: string;
}

/** Where the scheduled job hands out one unit of work per survey (SQS on AWS). */
export interface SurveyQueue {
  /** Enqueues one message per survey; throws unless every one was accepted. */
  enqueue(surveys: SurveyRef[]): Promise<void>;
}

/** Whole objects by key (the snapshot bucket). */
export interface ObjectStore {
  put(key: string, body: Uint8Array, contentType: string): Promise<void>;
  get(key: string): Promise<Uint8Array | null>;
  /** Every key under `prefix`, in key order (all pages). */
  list(prefix: string): Promise<string[]>;
}

/** A page of the audit trail, oldest first; `next` continues after its last event when more remain. */
export interface AuditPage {
  events: AuditEvent[];
  next: string | null;
}

/**
 * The append-only trail of admin actions (docs/api.md "The audit trail"). Nothing in the system can
 * change or delete an event once appended; on AWS the storage enforces it (infra/aws/audit-trail.ts).
 */
export interface AuditTrail {
  /** Appends one event under a key used by no other (its `at` and `id`). */
  append(event: AuditEvent): Promise<void>;
  /** Events with `from` ≤ at ≤ `to`, oldest first, at most `limit`, starting after cursor `after`. */
  list(query: { from: Date; to: Date; after?: string; limit: number }): Promise<AuditPage>;
}

/** Time-limited links to single objects of the snapshot bucket, for people with no AWS access. */
export interface ObjectLinks {
  /**
   * A URL that GETs exactly `key` (nothing else) until it expires, served as `contentType`; null
   * when the object does not exist. The link is signed at `signedAt` (the caller's `deps.now()`) and
   * lives `expiresInSeconds` from then, or less when the signing credentials expire sooner (temporary
   * role credentials): `expiresAt` says when it really stops working.
   */
  presignGet(
    key: string,
    expiresInSeconds: number,
    contentType: string,
    signedAt: Date,
  ): Promise<{ url: string; expiresAt: Date } | null>;
}

export interface Stores {
  collaborations: CollaborationStore;
  surveys: SurveyStore;
  waves: WaveStore;
  links: LinkStore;
  responses: ResponseStore;
}
