import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { divergingSegments } from '../../../lib/report/charts.js';
import { NoReportForWave, renderReport } from '../../../lib/report/render-report.js';
import { fixedSnapshot } from './fixture.js';

const parse = (html: string) => parseHTML(html).document;
const text = (el: { textContent: string | null } | null | undefined) =>
  (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
/** A table row's cells, one space apart. */
const cells = (row: { children: Iterable<{ textContent: string | null }> }) =>
  [...row.children].map(text).join(' ');

describe('renderReport on a fixed snapshot', () => {
  const snapshot = fixedSnapshot();
  const document = parse(renderReport(snapshot, { timeZone: 'Europe/London' }));

  it('reports on the latest closed round with cells, never the open one', () => {
    expect(text(document.querySelector('h1'))).toBe('Alliance pulse: results for round w2');
    expect(text(document.querySelector('.intro'))).toContain('5 April 2027');
    expect(text(document.querySelector('.intro'))).toContain('42 of 60 people invited answered (70%)');
  });

  it('shows each headline figure as the snapshot has it: mean, interval, favourable, band, change', () => {
    for (const cell of snapshot.cells.filter(
      (c) => c.wave === 'w2' && c.dimension === 'overall' && c.question === null,
    )) {
      const row = document.querySelector(`tr[data-characteristic="${cell.characteristic}"]`);
      expect(row, cell.characteristic).not.toBeNull();
      const mean = cell.mean as number;
      const [low, high] = cell.ci95 as [number, number];
      expect(text(row?.querySelector('[data-figure=mean]'))).toBe(mean.toFixed(2));
      expect(text(row)).toContain(`(${low.toFixed(2)} to ${high.toFixed(2)})`);
      expect(text(row?.querySelector('[data-figure=favourable]'))).toBe(
        `${Math.round((cell.favourable as number) * 100)}%`,
      );
      expect(text(row?.querySelector('.band'))).toBe(mean >= 3 ? 'Borderline' : 'Concern');
      const delta = cell.change?.meanDelta as number;
      expect(text(row?.querySelector('[data-figure=change]'))).toBe(`+${delta.toFixed(2)}`);
      expect(text(row).includes('▲ significant')).toBe(cell.change?.significant);
    }
  });

  it('summarises what stands out from the same figures', () => {
    const summary = [...document.querySelectorAll('.summary li')].map(text);
    expect(summary[0]).toBe(
      'The strongest characteristic is Shared purpose (mean 3.55 out of 5) and the weakest is Trusting relationships (2.71).',
    );
    expect(summary).toContain('Significantly better than the previous round: Shared purpose (+0.45).');
    expect(summary).toContain(
      'Neighbourhoods significantly above the rest of the alliance: North on Shared purpose and Trusting relationships.',
    );
  });

  it('gives participation overall and per segment with invited and answered counts', () => {
    const rows = [...document.querySelectorAll('#participation ~ .table-wrap tbody tr')].map(cells);
    expect(rows).toContain('Everyone 60 42 70%');
    expect(rows).toContain('North 50 39 78%');
    expect(rows).toContain('Voluntary, community and social enterprise 5 0 0%');
  });

  it('heatmaps: no number in a suppressed cell, "no responses" for an empty one, vsRest marked', () => {
    const south = document.querySelector('.heatmap tr[data-segment="south"]');
    for (const cell of south?.querySelectorAll('td') ?? []) {
      expect(text(cell)).toBe('fewer than 5 responses');
    }
    expect(text(south)).not.toMatch(/\d\.\d/);
    const vcse = document.querySelector('.heatmap tr[data-segment="vcse"]');
    expect([...(vcse?.querySelectorAll('td') ?? [])].map(text)).toEqual(['no responses', 'no responses']);
    const north = document.querySelector('.heatmap tr[data-segment="north"]');
    expect(text(north?.querySelector('td'))).toBe('4.15 Strength ▲ above the rest');
  });

  it('says a large group was hidden to protect privacy, not that it had fewer than k responses', () => {
    // North answered 39 in w2 (participation); hiding its cells protects another group, as secondary
    // suppression and the disclosure audit do. Beside "39 answered", "fewer than 5" would be false.
    const hidden = fixedSnapshot();
    hidden.cells = hidden.cells.map((c) =>
      c.wave === 'w2' && c.segment === 'north' && c.question === null
        ? { ...c, suppressed: true, n: null, mean: null, band: null, vsRest: null }
        : c,
    );
    const page = parse(renderReport(hidden, { timeZone: 'Europe/London' }));
    const north = page.querySelector('.heatmap tr[data-segment="north"]');
    const states = [...(north?.querySelectorAll('td') ?? [])].map(text);
    expect(states.length).toBeGreaterThan(0);
    for (const state of states) expect(state).toBe('hidden to protect privacy');
    const south = page.querySelector('.heatmap tr[data-segment="south"]');
    for (const cell of south?.querySelectorAll('td') ?? []) expect(text(cell)).toBe('fewer than 5 responses');
  });

  it('draws a trend chart per characteristic over the closed rounds, with its numbers as a table', () => {
    const section = document.querySelector('section[data-characteristic="shared-purpose"]');
    const labelledBy = section?.querySelector('figure svg[role=img]')?.getAttribute('aria-labelledby') ?? '';
    const [heading, caption, table] = labelledBy.split(' ').map((id: string) => document.getElementById(id));
    expect(text(heading)).toBe('Shared purpose');
    expect(text(caption)).toMatch(/^Mean score by round, with its 95% interval/);
    expect(table?.matches('table.trend')).toBe(true);
    expect([...(section?.querySelectorAll('table.trend tbody tr') ?? [])].map(cells)).toEqual([
      'w1 3.10 (2.85 to 3.35) 40',
      'w2 3.55 (3.30 to 3.80) 40',
    ]);
  });

  it('shows each question as a diverging bar with its shares, don’t know apart, and escapes its text', () => {
    const figures = [...document.querySelectorAll('figure.question')];
    expect(figures.map((f) => text(f.querySelector('figcaption')))).toEqual([
      'We agree on what the alliance is for',
      'Our joint priorities are <clear> & "shared"',
      'I trust colleagues in partner organisations',
      'Partners disagree openly',
    ]);
    expect(text(figures[0])).toContain(
      'Of 40 who answered: strongly disagree 3%, disagree 8%, neither 20%, agree 50%, strongly agree 20%. Don’t know: 3.',
    );
    expect(text(figures[3])).toBe('Partners disagree openly Fewer than 5 responses: not shown.');
    expect(figures[3]?.querySelector('svg')).toBeNull();
  });

  it('is self-contained: no script, no external URL, and a CSP that forbids loading anything', () => {
    const html = renderReport(snapshot);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain('<clear>');
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(
      document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content'),
    ).toContain("default-src 'none'");
  });
});

describe('renderReport: which round', () => {
  it('reports on an earlier round when asked, with the trend up to that round only', () => {
    const document = parse(renderReport(fixedSnapshot(), { wave: 'w1' }));
    expect(text(document.querySelector('h1'))).toContain('round w1');
    expect(
      document.querySelectorAll('section[data-characteristic="trust"] table.trend tbody tr'),
    ).toHaveLength(1);
  });

  it('refuses an unknown round and a round that has not closed', () => {
    expect(() => renderReport(fixedSnapshot(), { wave: 'nope' })).toThrow(
      expect.objectContaining({ reason: 'unknown' }),
    );
    expect(() => renderReport(fixedSnapshot(), { wave: 'w3' })).toThrow(NoReportForWave);
    expect(() => renderReport(fixedSnapshot(), { wave: 'w3' })).toThrow(
      expect.objectContaining({ reason: 'not-closed' }),
    );
  });

  it('says when results will appear when no round has closed yet', () => {
    const snapshot = fixedSnapshot();
    const document = parse(
      renderReport({ ...snapshot, waves: snapshot.waves.slice(2), cells: [] }, { timeZone: 'Europe/London' }),
    );
    expect(text(document.querySelector('h1'))).toBe('Alliance pulse: no results yet');
    expect(text(document.querySelector('main'))).toContain('The current round closes on 19 July 2027.');
  });
});

describe('divergingSegments', () => {
  it('centres "neither" on zero and puts disagreement left, agreement right', () => {
    const [s1, s2, s3, s4, s5] = divergingSegments([1, 1, 2, 4, 2]);
    expect(s1?.x1).toBeCloseTo(-0.3);
    expect(s2?.x2).toBeCloseTo(-0.1);
    expect(s3?.x1).toBeCloseTo(-0.1);
    expect(s3?.x2).toBeCloseTo(0.1);
    expect(s4?.x2).toBeCloseTo(0.5);
    expect(s5?.x2).toBeCloseTo(0.7);
  });

  it('draws nothing when nobody gave an answer', () => {
    expect(divergingSegments([0, 0, 0, 0, 0])).toEqual([]);
  });
});
