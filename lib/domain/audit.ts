import * as z from 'zod';

/**
 * Who did an admin action, as the audit trail records it. Callers (the admin API, the console) build
 * it from the signed-in user: a Cognito user's `username` and `sub`, or `username: "local admin"`
 * and `sub: null` for the local stack's bearer token; `requestId` is the API request that did it, so
 * an event can be matched with its access-log line.
 */
export interface Actor {
  username: string;
  sub: string | null;
  requestId: string;
}

/** The actor the local stack's admin token stands for (there is no user behind it). */
export const LOCAL_ADMIN = 'local admin';

/** What the trail records; one name per kind of action (DESIGN "An audit trail"). */
export type AuditAction =
  | 'collaboration.put'
  | 'survey.put'
  | 'wave.open'
  | 'wave.move'
  | 'wave.close'
  | 'links.issue'
  | 'links.revoke'
  | 'aggregates.download'
  | 'comments.read'
  | 'report.download'
  | 'report-link.create'
  | 'aggregation.run'
  | 'audit.read';

/** What an action was done to: as far down the collaboration › survey › wave path as it reached. */
export interface AuditTarget {
  collaborationId?: string;
  surveyId?: string;
  waveId?: string;
}

/**
 * One recorded admin action. `details` never holds a token, an answer or a comment's text: only
 * settings diffs, counts and the options of a download.
 */
export interface AuditEvent {
  /** Unique per event: the trail's storage key is derived from `at` and `id`, written once. */
  id: string;
  at: string;
  actor: { username: string; sub: string | null };
  action: AuditAction;
  target: AuditTarget;
  details: Record<string, unknown>;
  requestId: string;
}

/** One changed setting: its JSON path, and the value before and after (`null` when absent). */
export interface Change {
  path: string;
  before: unknown;
  after: unknown;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Arrays of `{id}` objects (partners, questions, characteristics) are compared by id, not position. */
const idKeyed = (v: unknown): v is { id: string }[] =>
  Array.isArray(v) && v.every((x) => isRecord(x) && typeof x.id === 'string');

/**
 * The settings that differ between two JSON documents, leaf by leaf. Items of id-keyed arrays are
 * addressed as `partners[castle-point-bc].name`, so reordering is no change and an edit names the
 * item it touched. Keys are read with `Object.keys` into `Map`s: user ids such as `constructor`
 * cannot collide with prototype properties.
 */
export const diffOf = (before: unknown, after: unknown, path = ''): Change[] => {
  if (idKeyed(before) && idKeyed(after)) {
    const a = new Map(before.map((x) => [x.id, x]));
    const b = new Map(after.map((x) => [x.id, x]));
    return [...new Set([...a.keys(), ...b.keys()])].flatMap((id) =>
      diffOf(a.get(id) ?? null, b.get(id) ?? null, `${path}[${id}]`),
    );
  }
  if (isRecord(before) && isRecord(after)) {
    const a = new Map(Object.entries(before));
    const b = new Map(Object.entries(after));
    return [...new Set([...a.keys(), ...b.keys()])].flatMap((key) =>
      diffOf(a.get(key) ?? null, b.get(key) ?? null, path ? `${path}.${key}` : key),
    );
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path, before, after }];
};

/** `GET /admin/audit`'s query: an ISO time range (at most a year) and an optional page cursor. */
export const auditQuerySchema = z
  .strictObject({
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    after: z
      .string()
      .max(80)
      .regex(/^[0-9TZ:.-]+_[a-f0-9]{32}$/, { message: 'Use the `next` value of the previous page' })
      .optional(),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to), {
    path: ['from'],
    message: 'Must not be after `to`',
  });
export type AuditQuery = z.output<typeof auditQuerySchema>;
