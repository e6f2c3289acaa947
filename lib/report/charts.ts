import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import { percent } from './format.js';
import type { QuestionRow, TrendPoint } from './model.js';
import { ANSWER_COLOURS, BAND_LINE } from './palette.js';

/**
 * Charts as static SVG strings, drawn by Observable Plot against linkedom's DOM (no browser, no
 * canvas). Each SVG is one `role="img"` labelled by elements of the page that state its numbers as
 * text: the picture is never the only way to read a figure. No user text goes into an SVG (linkedom
 * does not escape `&` in attributes), only numbers, round ids and our own labels.
 */
const { document } = parseHTML('<!DOCTYPE html><html><body></body></html>');

type PlotElement = ReturnType<typeof Plot.plot>;

/** `labelledBy`: ids of the page elements (caption, text equivalent) that say what the chart shows. */
const asImage = (chart: PlotElement, labelledBy: string): string => {
  chart.setAttribute('role', 'img');
  chart.setAttribute('aria-labelledby', labelledBy);
  // Plot labels its mark groups (`<g aria-label="bar">`); inside an image they mean nothing, and ARIA
  // forbids a label on an element with no role.
  for (const labelled of chart.querySelectorAll('[aria-label], [aria-description]')) {
    labelled.removeAttribute('aria-label');
    labelled.removeAttribute('aria-description');
  }
  // Plot sizes the SVG in pixels; the CSS scales it to its container so it never causes sideways scroll.
  chart.removeAttribute('width');
  chart.removeAttribute('height');
  return chart.outerHTML;
};

/**
 * A characteristic's mean in each closed wave with its 95% interval, on the 1–5 scale, with the band
 * thresholds drawn as dashed lines. Waves where the overall cell is suppressed have no point.
 */
const TREND = { width: 560, marginLeft: 44, marginRight: 20 };
const low = (p: TrendPoint) => p.ci95?.[0];
const high = (p: TrendPoint) => p.ci95?.[1];

export const trendChart = (points: readonly TrendPoint[], labelledBy: string): string => {
  const shown = points.filter((p) => p.mean !== null && p.ci95 !== null);
  // Caps 16 px wide: inset each tick from its band's edges (the band width is known from the layout).
  const bandWidth = ((TREND.width - TREND.marginLeft - TREND.marginRight) / Math.max(points.length, 1)) * 0.8;
  const capInset = Math.max(0, bandWidth / 2 - 8);
  const chart = Plot.plot({
    document,
    ...TREND,
    height: 240,
    marginBottom: 40,
    style: { fontSize: '14px', background: 'white', color: '#212b32' },
    x: { type: 'band', domain: points.map((p) => p.wave), label: 'Round', padding: 0.2 },
    y: { domain: [1, 5], ticks: [1, 2, 3, 4, 5], label: 'Mean (1–5)', grid: true },
    marks: [
      Plot.ruleY([3, 4], { stroke: BAND_LINE, strokeDasharray: '6,4' }),
      Plot.line(shown, { x: 'wave', y: 'mean', stroke: '#005eb8', strokeWidth: 1.5, strokeOpacity: 0.6 }),
      // The interval as a whisker with caps, drawn over the line so narrow intervals stay visible.
      Plot.ruleX(shown, { x: 'wave', y1: low, y2: high, stroke: '#212b32', strokeWidth: 1.5 }),
      Plot.tickY(shown, { x: 'wave', y: low, stroke: '#212b32', strokeWidth: 1.5, inset: capInset }),
      Plot.tickY(shown, { x: 'wave', y: high, stroke: '#212b32', strokeWidth: 1.5, inset: capInset }),
      Plot.dot(shown, { x: 'wave', y: 'mean', fill: '#005eb8', stroke: 'white', r: 4 }),
    ],
  });
  return asImage(chart, labelledBy);
};

export const ANSWER_LABELS = ['Strongly disagree', 'Disagree', 'Neither', 'Agree', 'Strongly agree'] as const;

interface Segment {
  answer: (typeof ANSWER_LABELS)[number];
  x1: number;
  x2: number;
  share: number;
}

/**
 * Diverging stacked bar (the usual picture of Likert answers): disagreement to the left of zero,
 * agreement to the right, "neither" split across the middle; shares of those who gave an answer 1–5.
 * "Don't know" is not part of the bar: the report states it beside it.
 */
export const divergingSegments = (distribution: readonly number[]): Segment[] => {
  const total = distribution.reduce((a, b) => a + b, 0);
  if (total === 0) return [];
  const share = distribution.map((c) => c / total);
  const [s1 = 0, s2 = 0, s3 = 0] = share;
  let x = -(s1 + s2 + s3 / 2);
  return share.map((s, i) => {
    const segment = { answer: ANSWER_LABELS[i] as Segment['answer'], x1: x, x2: x + s, share: s };
    x += s;
    return segment;
  });
};

export const questionChart = (question: QuestionRow, labelledBy: string): string => {
  const segments = divergingSegments(question.distribution ?? []);
  const chart = Plot.plot({
    document,
    width: 560,
    height: 56,
    marginLeft: 24,
    marginRight: 24,
    marginTop: 4,
    marginBottom: 22,
    style: { fontSize: '13px', background: 'white', color: '#212b32' },
    x: { domain: [-1, 1], ticks: [-1, -0.5, 0, 0.5, 1], tickFormat: (d: number) => percent(Math.abs(d)) },
    y: { axis: null },
    color: { domain: [...ANSWER_LABELS], range: [...ANSWER_COLOURS] },
    marks: [
      Plot.barX(segments, {
        x1: 'x1',
        x2: 'x2',
        y: () => 'answers',
        fill: 'answer',
        insetTop: 2,
        insetBottom: 2,
      }),
      Plot.text(
        segments.filter((s) => s.share >= 0.1),
        {
          x: (s: Segment) => (s.x1 + s.x2) / 2,
          y: () => 'answers',
          text: (s: Segment) => percent(s.share),
          fill: (s: Segment) =>
            s.answer === 'Strongly disagree' || s.answer === 'Strongly agree' ? 'white' : '#212b32',
        },
      ),
      Plot.ruleX([0], { stroke: '#212b32' }),
    ],
  });
  return asImage(chart, labelledBy);
};
