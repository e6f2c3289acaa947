import { describe, expect, it } from 'vitest';
import {
  collaborationDocumentFrom,
  collaborationForm,
  noIssues,
  type PlacedIssues,
  SPARE_ROWS,
  submitForm,
} from '../../functions/console/forms.js';
import { plainMessage } from '../../functions/console/plain-errors.js';
import { collaborationDocumentSchema } from '../../lib/domain/collaboration.js';
import { ConflictError, ValidationError } from '../../lib/errors.js';
import type { HttpResult } from '../../lib/http/types.js';
import { collaborationDocument } from '../support/documents.js';

/** A form whose page records how it was shown, and whose save does what the test says. */
const formThat = (save: () => Promise<HttpResult | undefined>) => {
  const shown: { placed: PlacedIssues; status: number; spare: number | undefined }[] = [];
  return {
    shown,
    form: {
      render: (placed: PlacedIssues, status: number, spare?: number): HttpResult => {
        shown.push({ placed, status, spare });
        return { statusCode: status, body: 'form' };
      },
      remap: (path: string) => path.replace(/^rows\.0\./, 'rows.2.'),
      listOf: (path: string) => (path.startsWith('rows') ? 'rows' : null),
      save,
      done: '/console/things/t1?done=saved',
    },
  };
};

describe('the console forms’ submit flow', () => {
  it('shows the form again with twice the spare rows for "more rows", saving nothing', async () => {
    let saved = false;
    const { form, shown } = formThat(async () => {
      saved = true;
      return undefined;
    });

    const result = await submitForm({ name: 'x', more: '1' }, form);

    expect(result.statusCode).toBe(200);
    expect(shown).toEqual([{ placed: noIssues(), status: 200, spare: SPARE_ROWS * 2 }]);
    expect(saved).toBe(false);
  });

  it('goes on to the saved page once saved', async () => {
    const { form, shown } = formThat(async () => undefined);

    const result = await submitForm({ name: 'x' }, form);

    expect(result).toMatchObject({ statusCode: 303, headers: { location: '/console/things/t1?done=saved' } });
    expect(shown).toEqual([]);
  });

  it('places a refusal beside the field shown, or beside its list when the field is not shown (422)', async () => {
    const { form, shown } = formThat(async () => {
      throw new ValidationError('not valid', [
        { path: 'rows.0.id', message: 'Enter an id' },
        { path: 'rows', message: 'Add at least two rows' },
        { path: 'name', message: 'Enter a name' },
      ]);
    });

    const result = await submitForm({ name: '', 'rows.2.id': 'Bad Id' }, form);

    expect(result.statusCode).toBe(422);
    expect(shown[0]?.placed.errors).toEqual({
      'rows.2.id': 'Enter an id',
      rows: 'Add at least two rows',
      name: 'Enter a name',
    });
    expect(shown[0]?.placed.summary.map((s) => s.href)).toEqual(['rows-2-id', 'rows', 'name']);
  });

  it('returns the page a save answers with itself, and lets any other failure through', async () => {
    const conflict: HttpResult = { statusCode: 409, body: 'close the wave first' };

    expect(await submitForm({}, formThat(async () => conflict).form)).toBe(conflict);
    await expect(
      submitForm(
        {},
        formThat(async () => {
          throw new ConflictError('taken');
        }).form,
      ),
    ).rejects.toThrow(ConflictError);
  });
});

describe('the collaboration form’s retention field', () => {
  const stored = {
    id: 'alliance',
    ...collaborationDocumentSchema.parse(collaborationDocument({ retentionMonths: 18 })),
  };

  it('shows the stored months, keeps them on save, and leaves a blank to the deployment default', () => {
    const form = collaborationForm(stored);
    const blank = { ...form, retentionMonths: '' };

    expect(form.retentionMonths).toBe('18');
    expect(collaborationDocumentFrom(form, stored).document.retentionMonths).toBe(18);
    expect(collaborationDocumentFrom(blank, stored).document.retentionMonths).toBeUndefined();
    expect(collaborationForm({ ...stored, retentionMonths: undefined }).retentionMonths).toBe('');
  });

  it('refuses months out of bounds with a plain sentence', () => {
    const document = collaborationDocumentFrom(
      { ...collaborationForm(stored), retentionMonths: '121' },
      stored,
    ).document;
    const parsed = collaborationDocumentSchema.safeParse(document);

    expect(parsed.success).toBe(false);
    const issue = parsed.error?.issues.find((i) => i.path.join('.') === 'retentionMonths');
    expect(plainMessage({ path: 'retentionMonths', message: issue?.message ?? '' })).toBe(
      'Enter a whole number of months, from 1 to 120, or leave it blank',
    );
  });
});
