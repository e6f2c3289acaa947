import { describe, expect, it } from 'vitest';
import { diffOf } from '../../lib/domain/audit.js';

describe('diffOf: what an audited settings change records', () => {
  it('names each changed leaf by its path, and nothing that stayed the same', () => {
    const before = { name: 'A', minGroupSize: 5, framework: { characteristics: [{ id: 'x', name: 'X' }] } };
    const after = { name: 'B', minGroupSize: 5, framework: { characteristics: [{ id: 'x', name: 'Y' }] } };

    expect(diffOf(before, after)).toEqual([
      { path: 'name', before: 'A', after: 'B' },
      { path: 'framework.characteristics[x].name', before: 'X', after: 'Y' },
    ]);
  });

  it('compares id-keyed lists by id: reordering is no change, additions and removals are named', () => {
    const a = {
      partners: [
        { id: 'p', name: 'P' },
        { id: 'q', name: 'Q' },
      ],
    };
    const b = {
      partners: [
        { id: 'r', name: 'R' },
        { id: 'p', name: 'P' },
      ],
    };

    expect(diffOf(a, { partners: [...a.partners].reverse() })).toEqual([]);
    expect(diffOf(a, b)).toEqual([
      { path: 'partners[q]', before: { id: 'q', name: 'Q' }, after: null },
      { path: 'partners[r]', before: null, after: { id: 'r', name: 'R' } },
    ]);
  });

  it('treats ids that are Object.prototype names as plain keys', () => {
    const a = { questions: [{ id: 'constructor', text: 'old' }], __proto__x: 1 };
    const b = { questions: [{ id: 'constructor', text: 'new' }], toString: 'x' };

    expect(diffOf(a, b)).toEqual([
      { path: 'questions[constructor].text', before: 'old', after: 'new' },
      { path: '__proto__x', before: 1, after: null },
      { path: 'toString', before: null, after: 'x' },
    ]);
  });

  it('records a creation as every setting from null', () => {
    expect(diffOf({}, { name: 'A', tags: ['x'] })).toEqual([
      { path: 'name', before: null, after: 'A' },
      { path: 'tags', before: null, after: ['x'] },
    ]);
  });
});
