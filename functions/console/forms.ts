import { type Collaboration, SECTOR_NAMES, SECTORS } from '../../lib/domain/collaboration.js';
import type { Survey } from '../../lib/domain/survey.js';
import { type Issue, ValidationError } from '../../lib/errors.js';
import { redirect } from '../../lib/http/html.js';
import type { HttpResult } from '../../lib/http/types.js';
import type { SummaryError } from '../../lib/views/console/pages.js';
import { plainMessage } from './plain-errors.js';

/** Form fields as the urlencoded body parser gives them. */
export type Fields = Record<string, string | string[] | undefined>;

export const fieldsOf = (body: unknown): Fields =>
  typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Fields) : {};

/** One field's value, trimmed (a repeated field counts once). */
export const field = (fields: Fields, name: string): string => {
  const value = fields[name];
  return (Array.isArray(value) ? (value[0] ?? '') : (value ?? '')).trim();
};

/** Element ids cannot hold dots usefully in `#fragment` links: `partners.2.sector` → `partners-2-sector`. */
const idOf = (name: string) => name.replaceAll('.', '-');

export const inputOf = (
  name: string,
  label: string,
  value: string,
  errors: Record<string, string>,
  extra: { hint?: string; width?: number; type?: string; inputmode?: string } = {},
) => ({ id: idOf(name), name, label, value, error: errors[name], ...extra });

export const selectOf = (
  name: string,
  label: string,
  value: string,
  options: { value: string; text: string }[],
  errors: Record<string, string>,
  hint?: string,
) => ({
  id: idOf(name),
  name,
  label,
  hint,
  error: errors[name],
  options: options.map((o) => ({ ...o, selected: o.value === value })),
});

/** A number from a form, or the text itself so the schema reports it (blank means "not given"). */
const numberOrText = (text: string): number | string | undefined =>
  text === '' ? undefined : /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;

/** How many rows of a repeated group (`partners.0.id`, `partners.1.id`, …) the form holds. */
const rowCount = (fields: Fields, prefix: string): number => {
  let count = 0;
  for (const name of Object.keys(fields)) {
    const match = new RegExp(`^${prefix}\\.(\\d+)\\.`).exec(name);
    if (match) count = Math.max(count, Number(match[1]) + 1);
  }
  return Math.min(count, 2000);
};

/**
 * Places the use case's issues beside the fields they concern. `remap` turns a document path into
 * the form field that holds it (rows skipped or reordered in the form move indices); issues about a
 * whole list, or a field the form does not show, go to `fallback`.
 */
export const placeIssues = (
  issues: Issue[],
  remap: (path: string) => string,
  shown: (name: string) => boolean,
  fallback: (path: string) => string | null,
): { errors: Record<string, string>; summary: SummaryError[] } => {
  const errors: Record<string, string> = {};
  const summary: SummaryError[] = [];
  for (const issue of issues) {
    const name = remap(issue.path);
    const target = shown(name) ? name : fallback(issue.path);
    const message = plainMessage(issue);
    if (target && errors[target]) continue;
    if (target) errors[target] = message;
    summary.push({ href: target ? idOf(target) : undefined, message });
  }
  return { errors, summary };
};

/** Issues placed beside the fields they concern, as a form page shows them. */
export type PlacedIssues = ReturnType<typeof placeIssues>;

/** How a form is first shown: no issues yet. */
export const noIssues = (): PlacedIssues => ({ errors: {}, summary: [] });

/**
 * How the collaboration and survey forms are submitted: "more rows" (field `more`) shows the form
 * again with twice the spare rows; otherwise `save` runs, and the ValidationError it may throw shows
 * the form again (422) with each issue beside its field, or beside its whole list (`listOf`) when
 * the field is not shown. `save` may answer itself (a 409 page) by returning a result; else the
 * browser goes on to `done`.
 */
export const submitForm = async (
  fields: Fields,
  form: {
    render: (placed: PlacedIssues, status: number, spare?: number) => HttpResult | Promise<HttpResult>;
    remap: (path: string) => string;
    listOf: (path: string) => string | null;
    save: () => Promise<HttpResult | undefined>;
    done: string;
  },
): Promise<HttpResult> => {
  if (field(fields, 'more') !== '') return form.render(noIssues(), 200, SPARE_ROWS * 2);
  const shown = new Set(Object.keys(fields));
  try {
    const answer = await form.save();
    if (answer) return answer;
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return form.render(
      placeIssues(error.issues, form.remap, (name) => shown.has(name), form.listOf),
      422,
    );
  }
  return redirect(form.done);
};

// ---- collaboration ---------------------------------------------------------------------------

export interface CollaborationForm {
  id: string;
  name: string;
  neighbourhoods: { id: string; name: string }[];
  partners: { id: string; name: string; sector: string }[];
  minGroupSize: string;
  minCommentGroupSize: string;
  /** Blank: the deployment's default. */
  retentionMonths: string;
  timeZone: string;
  framework: string;
}

/** Rows as posted, without the empty ones at the end (a re-rendered form adds its own spares). */
const withoutTrailingBlanks = <T extends Record<string, string>>(rows: T[]): T[] => {
  let end = rows.length;
  while (end > 0 && Object.values(rows[end - 1] as T).every((v) => v === '')) end--;
  return rows.slice(0, end);
};

/** Empty rows offered for new entries, and how many more "Add more rows" gives. */
export const SPARE_ROWS = 3;

export const collaborationForm = (c: Collaboration | null): CollaborationForm => ({
  id: c?.id ?? '',
  name: c?.name ?? '',
  neighbourhoods: c?.neighbourhoods.map((n) => ({ ...n })) ?? [],
  partners: c?.partners.map((p) => ({ ...p })) ?? [],
  minGroupSize: String(c?.minGroupSize ?? 5),
  minCommentGroupSize: String(c?.minCommentGroupSize ?? 10),
  retentionMonths: c?.retentionMonths === undefined ? '' : String(c.retentionMonths),
  timeZone: c?.timeZone ?? 'Europe/London',
  framework: c ? JSON.stringify(c.framework, null, 2) : '',
});

export const collaborationFormFrom = (fields: Fields): CollaborationForm => ({
  id: field(fields, 'id'),
  name: field(fields, 'name'),
  neighbourhoods: Array.from({ length: rowCount(fields, 'neighbourhoods') }, (_, i) => ({
    id: field(fields, `neighbourhoods.${i}.id`),
    name: field(fields, `neighbourhoods.${i}.name`),
  })),
  partners: Array.from({ length: rowCount(fields, 'partners') }, (_, i) => ({
    id: field(fields, `partners.${i}.id`),
    name: field(fields, `partners.${i}.name`),
    sector: field(fields, `partners.${i}.sector`),
  })),
  minGroupSize: field(fields, 'minGroupSize'),
  minCommentGroupSize: field(fields, 'minCommentGroupSize'),
  retentionMonths: field(fields, 'retentionMonths'),
  timeZone: field(fields, 'timeZone'),
  framework: field(fields, 'framework'),
});

/**
 * The document the form describes, for the same use case as `PUT /admin/collaborations/{c}`. Empty
 * rows are left out (`rows` maps document indices back to form rows); a framework that is not JSON
 * is an issue of its own. Fields the form does not edit (dimensions, band thresholds) are kept.
 */
export const collaborationDocumentFrom = (form: CollaborationForm, existing: Collaboration | null) => {
  const kept = <T extends Record<string, string>>(rows: T[]) =>
    rows.map((row, index) => ({ row, index })).filter(({ row }) => Object.values(row).some((v) => v !== ''));
  const neighbourhoods = kept(form.neighbourhoods);
  const partners = kept(form.partners);
  let framework: unknown;
  const issues: Issue[] = [];
  if (form.framework !== '') {
    try {
      framework = JSON.parse(form.framework);
    } catch {
      issues.push({
        path: 'framework',
        message: 'The framework is not valid JSON: check its brackets, commas and quotes',
      });
    }
  }
  const document = {
    name: form.name,
    neighbourhoods: neighbourhoods.map(({ row }) => row),
    partners: partners.map(({ row }) => row),
    minGroupSize: numberOrText(form.minGroupSize),
    minCommentGroupSize: numberOrText(form.minCommentGroupSize),
    retentionMonths: numberOrText(form.retentionMonths),
    timeZone: form.timeZone === '' ? undefined : form.timeZone,
    framework,
    ...(existing ? { dimensions: existing.dimensions, bandThresholds: existing.bandThresholds } : {}),
  };
  const remap = (path: string) =>
    path
      .replace(/^neighbourhoods\.(\d+)/, (_, i) => `neighbourhoods.${neighbourhoods[Number(i)]?.index ?? i}`)
      .replace(/^partners\.(\d+)/, (_, i) => `partners.${partners[Number(i)]?.index ?? i}`);
  return { document, jsonIssues: issues, remap };
};

const SECTOR_OPTIONS = [
  { value: '', text: 'Choose a sector' },
  ...SECTORS.map((s) => ({ value: s, text: SECTOR_NAMES[s] })),
];

/** What the collaboration form template shows. */
export const collaborationFormView = (
  form: CollaborationForm,
  errors: Record<string, string>,
  spare: number,
) => {
  const pad = <T extends Record<string, string>>(rows: T[], blank: T) => [
    ...withoutTrailingBlanks(rows),
    ...Array.from({ length: spare }, () => ({ ...blank })),
  ];
  return {
    fields: {
      id: inputOf('id', 'Id', form.id, errors, {
        hint: 'Used in addresses and files: lower-case letters, digits and hyphens. It cannot change later.',
        width: 20,
      }),
      name: inputOf('name', 'Name', form.name, errors),
      minGroupSize: inputOf(
        'minGroupSize',
        'Smallest group whose figures are shown',
        form.minGroupSize,
        errors,
        {
          hint: 'Figures for fewer people than this are hidden. At least 5.',
          width: 3,
          inputmode: 'numeric',
        },
      ),
      minCommentGroupSize: inputOf(
        'minCommentGroupSize',
        'Fewest comments on a topic before any are shown',
        form.minCommentGroupSize,
        errors,
        { hint: 'At least 10.', width: 3, inputmode: 'numeric' },
      ),
      retentionMonths: inputOf(
        'retentionMonths',
        'Months to keep individual answers and comments after a wave closes',
        form.retentionMonths,
        errors,
        {
          hint: 'Then they are deleted; the figures are kept. From 1 to 120. Leave blank for this deployment’s default.',
          width: 3,
          inputmode: 'numeric',
        },
      ),
      timeZone: inputOf('timeZone', 'Time zone', form.timeZone, errors, {
        hint: 'Wave dates and times are read in this time zone, for example Europe/London.',
        width: 20,
      }),
      framework: { value: form.framework, error: errors.framework },
    },
    listErrors: { neighbourhoods: errors.neighbourhoods, partners: errors.partners },
    neighbourhoods: pad(form.neighbourhoods, { id: '', name: '' }).map((row, i) => ({
      id: inputOf(`neighbourhoods.${i}.id`, `Neighbourhood ${i + 1} id`, row.id, errors),
      name: inputOf(`neighbourhoods.${i}.name`, `Neighbourhood ${i + 1} name`, row.name, errors),
    })),
    partners: pad(form.partners, { id: '', name: '', sector: '' }).map((row, i) => ({
      id: inputOf(`partners.${i}.id`, `Partner ${i + 1} id`, row.id, errors),
      name: inputOf(`partners.${i}.name`, `Partner ${i + 1} name`, row.name, errors),
      sector: selectOf(`partners.${i}.sector`, `Partner ${i + 1} sector`, row.sector, SECTOR_OPTIONS, errors),
    })),
  };
};

// ---- survey ----------------------------------------------------------------------------------

export interface SurveyForm {
  id: string;
  title: string;
  intervalDays: string;
  waveLengthDays: string;
  firstDate: string;
  firstTime: string;
  questions: { position: string; id: string; characteristic: string; text: string; type: string }[];
}

export const surveyForm = (s: Survey | null): SurveyForm => {
  const [date = '', time = ''] = (s?.cadence.firstWaveOpensAt ?? '').split('T');
  return {
    id: s?.id ?? '',
    title: s?.title ?? '',
    intervalDays: String(s?.cadence.intervalDays ?? 91),
    waveLengthDays: String(s?.cadence.waveLengthDays ?? 14),
    firstDate: date,
    firstTime: time.slice(0, 5) || '09:00',
    questions:
      s?.questions.map((q, i) => ({
        position: String(i + 1),
        id: q.id,
        characteristic: q.characteristic,
        text: q.text,
        type: q.type,
      })) ?? [],
  };
};

export const surveyFormFrom = (fields: Fields): SurveyForm => ({
  id: field(fields, 'id'),
  title: field(fields, 'title'),
  intervalDays: field(fields, 'intervalDays'),
  waveLengthDays: field(fields, 'waveLengthDays'),
  firstDate: field(fields, 'firstDate'),
  firstTime: field(fields, 'firstTime'),
  questions: Array.from({ length: rowCount(fields, 'questions') }, (_, i) => ({
    position: field(fields, `questions.${i}.position`),
    id: field(fields, `questions.${i}.id`),
    characteristic: field(fields, `questions.${i}.characteristic`),
    text: field(fields, `questions.${i}.text`),
    type: field(fields, `questions.${i}.type`),
  })),
});

/**
 * The survey document the form describes: rows with an id or a text, ordered by position (ties keep
 * the form's order), for the same use case as `PUT …/surveys/{s}`.
 */
export const surveyDocumentFrom = (form: SurveyForm) => {
  const rows = form.questions
    .map((q, index) => ({ q, index, position: Number(q.position || Number.NaN) }))
    .filter(({ q }) => q.id !== '' || q.text !== '')
    .sort(
      (a, b) =>
        (Number.isFinite(a.position) ? a.position : Number.POSITIVE_INFINITY) -
          (Number.isFinite(b.position) ? b.position : Number.POSITIVE_INFINITY) || a.index - b.index,
    );
  const document = {
    title: form.title,
    questions: rows.map(({ q }) => ({
      id: q.id,
      characteristic: q.characteristic,
      text: q.text,
      type: q.type,
    })),
    cadence: {
      intervalDays: numberOrText(form.intervalDays),
      waveLengthDays: numberOrText(form.waveLengthDays),
      firstWaveOpensAt: form.firstDate && form.firstTime ? `${form.firstDate}T${form.firstTime}:00` : '',
    },
  };
  const remap = (path: string) =>
    path
      .replace(/^questions\.(\d+)/, (_, i) => `questions.${rows[Number(i)]?.index ?? i}`)
      .replace(/^cadence\.firstWaveOpensAt$/, 'firstDate')
      .replace(/^cadence\./, '');
  return { document, remap };
};

const QUESTION_TYPE_OPTIONS = [
  { value: 'likert5', text: 'Agree–disagree scale' },
  { value: 'comment', text: 'Comment (free text)' },
];

export const surveyFormView = (
  form: SurveyForm,
  collaboration: Collaboration,
  errors: Record<string, string>,
  spare: number,
) => {
  const characteristics = [
    { value: '', text: 'Choose a characteristic' },
    ...collaboration.framework.characteristics.map((c) => ({ value: c.id, text: c.name })),
  ];
  const blank = { position: '', id: '', characteristic: '', text: '', type: 'likert5' };
  const rows = [
    ...withoutTrailingBlanks(form.questions.map((q) => ({ ...q, type: q.id || q.text ? q.type : '' }))),
    ...Array.from({ length: spare }, () => ({ ...blank })),
  ].map((q) => ({ ...q, type: q.type || 'likert5' }));
  return {
    fields: {
      id: inputOf('id', 'Id', form.id, errors, {
        hint: 'Used in addresses and files: lower-case letters, digits and hyphens. It cannot change later.',
        width: 20,
      }),
      title: inputOf('title', 'Title', form.title, errors),
      intervalDays: inputOf('intervalDays', 'Days from one wave to the next', form.intervalDays, errors, {
        hint: 'For example 91 for every 13 weeks.',
        width: 3,
        inputmode: 'numeric',
      }),
      waveLengthDays: inputOf('waveLengthDays', 'Days each wave stays open', form.waveLengthDays, errors, {
        width: 3,
        inputmode: 'numeric',
      }),
      firstDate: inputOf('firstDate', 'Date the first wave opens', form.firstDate, errors, {
        type: 'date',
        width: 10,
      }),
      firstTime: inputOf('firstTime', 'Time it opens', form.firstTime, errors, {
        type: 'time',
        width: 5,
        hint: "In the collaboration's time zone.",
      }),
    },
    listErrors: { questions: errors.questions },
    questions: rows.map((q, i) => ({
      legend: q.text ? `Question ${i + 1}: ${q.text}` : `Question ${i + 1} (new)`,
      position: inputOf(`questions.${i}.position`, 'Position', q.position || String(i + 1), errors, {
        width: 2,
        inputmode: 'numeric',
      }),
      id: inputOf(`questions.${i}.id`, 'Id', q.id, errors, { width: 10 }),
      characteristic: selectOf(
        `questions.${i}.characteristic`,
        'Characteristic',
        q.characteristic,
        characteristics,
        errors,
      ),
      type: selectOf(`questions.${i}.type`, 'Answered as', q.type, QUESTION_TYPE_OPTIONS, errors),
      text: inputOf(`questions.${i}.text`, 'Wording', q.text, errors),
    })),
  };
};
