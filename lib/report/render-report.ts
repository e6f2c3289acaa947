import { Eta } from 'eta/core';
import type { Band } from '../domain/aggregation/index.js';
import { ANSWER_LABELS, divergingSegments, questionChart, trendChart } from './charts.js';
import { count, formatDate, mean2, percent, signed } from './format.js';
import {
  buildReportModel,
  type CellState,
  type ReportSnapshot,
  type ReportWave,
  reportableWaves,
} from './model.js';
import { ANSWER_COLOURS, BAND_STYLE } from './palette.js';
import { reportCss } from './styles.js';
import { emptyReportTemplate, headTemplate, reportTemplate } from './template.js';

export type { ReportSnapshot } from './model.js';

/**
 * The report's own policy, also sent as a header by the admin route: nothing may load (no scripts, no
 * images, no fonts, no frames); only the inline stylesheet and the inline SVG's styles apply. As a
 * `<meta>` it also holds when the published copy is opened from S3, which sends no such header.
 */
export const REPORT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const eta = new Eta({ autoEscape: true, autoTrim: [false, 'nl'] });
eta.loadTemplate('@head', headTemplate);
eta.loadTemplate('@report', reportTemplate);
eta.loadTemplate('@empty', emptyReportTemplate);

export interface ReportOptions {
  /** The round to report on; the latest closed round with published cells when omitted. */
  wave?: string;
  /** IANA time zone for the dates shown (the collaboration's). */
  timeZone?: string;
}

/** Why there is no report for a round: unknown, or not closed (or its cells not published yet). */
export class NoReportForWave extends Error {
  constructor(
    readonly waveId: string,
    readonly reason: 'unknown' | 'not-closed',
  ) {
    super(
      reason === 'unknown'
        ? `Wave "${waveId}" not found`
        : `Wave "${waveId}" has no results yet: figures appear once it has closed`,
    );
  }
}

const rate = (r: number | null) => (r === null ? '–' : percent(r));
const bandLabel = (band: Band | null) => (band ? BAND_STYLE[band].label : 'No band');

/**
 * Renders the self-contained results report (inline CSS and SVG, no script, no external request) for
 * one closed round of a snapshot. Every figure comes from the snapshot's published cells, so the report
 * applies exactly the snapshot's disclosure control. Pure: the same snapshot gives the same page.
 * Throws {@link NoReportForWave} when `options.wave` names a round it cannot report on.
 */
export const renderReport = (snapshot: ReportSnapshot, options: ReportOptions = {}): string => {
  const timeZone = options.timeZone ?? 'Europe/London';
  const waves = reportableWaves(snapshot);
  let wave: ReportWave | undefined;
  if (options.wave !== undefined) {
    wave = waves.find((w) => w.id === options.wave);
    if (!wave) {
      const known = snapshot.waves.some((w) => w.id === options.wave);
      throw new NoReportForWave(options.wave, known ? 'not-closed' : 'unknown');
    }
  } else {
    wave = waves.at(-1);
  }
  const titleBase = `${snapshot.survey.title} – ${snapshot.collaboration.name}`;
  if (!wave) {
    const next = snapshot.waves
      .filter((w) => w.status !== 'closed')
      .sort((a, b) => Date.parse(a.closesAt) - Date.parse(b.closesAt))[0];
    return eta.render('@empty', {
      csp: REPORT_CSP,
      css: reportCss,
      title: `No results yet: ${titleBase}`,
      collaborationName: snapshot.collaboration.name,
      surveyTitle: snapshot.survey.title,
      message: next
        ? `Results appear here once the first round has closed. The current round closes on ${formatDate(next.closesAt, timeZone)}.`
        : 'Results appear here once the first round has closed.',
    });
  }

  const m = buildReportModel(snapshot, wave);
  // Element ids come from positions, not from ids in the data, so they are always valid and unique.
  const details = m.details.map((d, i) => ({
    ...d,
    key: `c${i}`,
    trendSvg: trendChart(d.trend, `c${i}-heading c${i}-trend-caption c${i}-trend-table`),
    questions: d.questions.map((q, j) => {
      const shown = !q.suppressed && q.distribution !== null && (q.n ?? 0) > 0;
      return {
        ...q,
        key: `c${i}q${j}`,
        svg: shown ? questionChart(q, `c${i}q${j}-caption c${i}q${j}-text`) : null,
        described: shown
          ? divergingSegments(q.distribution ?? [])
              .map((s) => `${s.answer.toLowerCase()} ${percent(s.share)}`)
              .join(', ')
          : '',
      };
    }),
  }));
  const overall = m.participation.overall;
  return eta.render('@report', {
    csp: REPORT_CSP,
    css: reportCss,
    title: `Round ${wave.id} results: ${titleBase}`,
    m,
    details,
    opensAt: formatDate(wave.opensAt, timeZone),
    closesAt: formatDate(wave.closesAt, timeZone),
    generatedAt: formatDate(m.generatedAt, timeZone),
    respondedSentence: `${count(overall.responses)} of ${count(overall.invited)} people invited answered (${rate(overall.responseRate)}).`,
    answerLegend: ANSWER_LABELS.map((label, i) => ({ label, colour: ANSWER_COLOURS[i] })),
    count: (n: number | null) => (n === null ? '–' : count(n)),
    rate,
    mean: mean2,
    percent,
    signed,
    bandLabel,
    stateText: (s: CellState) =>
      s.kind === 'suppressed'
        ? s.fewResponses
          ? `fewer than ${m.k} responses`
          : 'hidden to protect privacy'
        : s.kind === 'empty'
          ? 'no responses'
          : '',
  });
};
