import { describe, expect, it } from 'vitest';
import { collaborationDocumentSchema, DEFAULT_FRAMEWORK } from '../../lib/domain/collaboration.js';
import { submissionSchemaFor } from '../../lib/domain/response.js';
import { surveyDocumentSchema, surveyIssuesAgainst } from '../../lib/domain/survey.js';
import { collaborationDocument, surveyDocument } from '../support/stack.js';

const paths = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  (result.error?.issues ?? []).map((i) => i.path.join('.'));

describe('collaboration document', () => {
  it('fills in the defaults', () => {
    const parsed = collaborationDocumentSchema.parse(collaborationDocument());

    expect(parsed).toMatchObject({ minGroupSize: 5, minCommentGroupSize: 10, timeZone: 'Europe/London' });
    expect(parsed.framework).toEqual(DEFAULT_FRAMEWORK);
  });

  it('ships the eight-characteristic framework as data', () => {
    expect(DEFAULT_FRAMEWORK.characteristics.map((c) => c.name)).toEqual([
      'Shared purpose',
      'Trusting relationships',
      'Leadership',
      'Governance and decision-making',
      'Resources and capacity',
      'Communication and engagement',
      'Measurement and learning',
      'Involving people and communities',
    ]);
  });

  it('accepts a replacement framework', () => {
    const framework = { characteristics: [{ id: 'purpose', name: 'Purpose', description: '' }] };

    expect(collaborationDocumentSchema.parse(collaborationDocument({ framework })).framework).toEqual(
      framework,
    );
  });

  it.each([
    ['an unknown sector', { partners: [{ id: 'x', name: 'X', sector: 'pharma' }] }, 'partners.0.sector'],
    [
      'a duplicate partner',
      {
        partners: [
          { id: 'x', name: 'X', sector: 'vcse' },
          { id: 'x', name: 'Y', sector: 'vcse' },
        ],
      },
      'partners.1.id',
    ],
    [
      'a duplicate neighbourhood',
      {
        neighbourhoods: [
          { id: 'n', name: 'N' },
          { id: 'n', name: 'M' },
        ],
      },
      'neighbourhoods.1.id',
    ],
    [
      'a duplicate characteristic',
      {
        framework: {
          characteristics: [
            { id: 'a', name: 'A' },
            { id: 'a', name: 'B' },
          ],
        },
      },
      'framework.characteristics.1.id',
    ],
    ['an unknown time zone', { timeZone: 'Europe/Atlantis' }, 'timeZone'],
    ['a fractional group size', { minGroupSize: 4.5 }, 'minGroupSize'],
    ['an id with capitals', { neighbourhoods: [{ id: 'North', name: 'N' }] }, 'neighbourhoods.0.id'],
    ['an empty name', { name: ' ' }, 'name'],
    ['an unknown field', { colour: 'red' }, ''],
  ])('rejects %s', (_what, overrides, path) => {
    expect(paths(collaborationDocumentSchema.safeParse(collaborationDocument(overrides)))).toContain(path);
  });
});

describe('survey document', () => {
  it('accepts the contract example', () => {
    expect(surveyDocumentSchema.safeParse(surveyDocument()).success).toBe(true);
  });

  it('names questions whose characteristic is not in the framework', () => {
    const survey = surveyDocumentSchema.parse(
      surveyDocument({
        questions: [
          { id: 'a', characteristic: 'shared-purpose', text: 'A', type: 'likert5' },
          { id: 'b', characteristic: 'vibes', text: 'B', type: 'comment' },
        ],
      }),
    );
    const collaboration = { id: 'c', ...collaborationDocumentSchema.parse(collaborationDocument()) };

    expect(surveyIssuesAgainst(survey, collaboration)).toEqual([
      {
        path: ['questions', 1, 'characteristic'],
        message: expect.stringContaining('Unknown characteristic "vibes"'),
      },
    ]);
  });

  it('rejects a wave longer than the interval and a zoned first opening', () => {
    const result = surveyDocumentSchema.safeParse(
      surveyDocument({
        cadence: { intervalDays: 7, waveLengthDays: 8, firstWaveOpensAt: '2027-01-04T09:00:00Z' },
      }),
    );

    expect(paths(result).sort()).toEqual(['cadence.firstWaveOpensAt', 'cadence.waveLengthDays']);
  });
});

describe('response submission', () => {
  const schema = submissionSchemaFor(surveyDocumentSchema.parse(surveyDocument()));

  it('accepts answers 1..5 and null, trims comments and drops empty ones', () => {
    const parsed = schema.parse({
      answers: { sp1: 1, sp2: null, tr1: 5 },
      comments: { 'sp-comment': '  hi  ' },
    });
    const empty = schema.parse({ answers: { sp1: 1, sp2: 2, tr1: 3 }, comments: { 'sp-comment': '   ' } });

    expect(parsed).toEqual({ answers: { sp1: 1, sp2: null, tr1: 5 }, comments: { 'sp-comment': 'hi' } });
    expect(empty.comments).toEqual({});
  });

  it.each([
    [{ answers: { sp1: 1, sp2: 2 } }, 'answers.tr1'],
    [{ answers: { sp1: 1, sp2: 2, tr1: 6 } }, 'answers.tr1'],
    [{ answers: { sp1: 1, sp2: 2, tr1: 2.5 } }, 'answers.tr1'],
    [{ answers: { sp1: 1, sp2: 2, tr1: true } }, 'answers.tr1'],
    [{ answers: { sp1: 1, sp2: 2, tr1: 2, xx: 1 } }, 'answers'],
    [
      { answers: { sp1: 1, sp2: 2, tr1: 2 }, comments: { 'sp-comment': 'x'.repeat(2001) } },
      'comments.sp-comment',
    ],
  ])('rejects %j at %s', (body, path) => {
    expect(paths(schema.safeParse(body))).toContain(path);
  });
});
