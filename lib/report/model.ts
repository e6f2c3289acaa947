import { type Band, type Cell, OVERALL } from '../domain/aggregation/index.js';
import type { Snapshot } from '../domain/snapshot.js';
import { mean2, signed } from './format.js';

/**
 * What the report reads from a snapshot. The labelled fields (`characteristicName`, `questionText`,
 * `vsRest`, `bySegment`, …) are optional here so the report also renders snapshots published before
 * they existed: it then falls back to the snapshot's id → name lists and leaves those marks out.
 */
export interface VsRest {
  meanDelta: number;
  pValue: number | null;
  qValue: number | null;
  significant: boolean;
}
export type ReportCell = Cell & {
  vsRest?: VsRest | null;
  characteristicName?: string;
  segmentName?: string | null;
  questionText?: string | null;
};
export interface SegmentParticipation {
  dimension: string;
  segment: string | null;
  segmentName?: string;
  invited: number;
  responses: number;
  responseRate: number | null;
}
type SnapshotWave = Omit<Snapshot['waves'][number], 'bySegment'>;
export type ReportWave = SnapshotWave & { bySegment?: readonly SegmentParticipation[] };
export interface ReportSnapshot extends Omit<Snapshot, 'cells' | 'waves'> {
  cells: readonly ReportCell[];
  waves: readonly ReportWave[];
}

/**
 * How a heatmap cell reads: published figures, hidden by disclosure control, or nobody answered. A
 * hidden cell of a group that is itself large enough (by its published participation) was hidden to
 * protect another group, so it must not read "fewer than k responses" beside a response count of 18.
 */
export type CellState =
  | { kind: 'published'; mean: number; band: Band | null; n: number; vsRest: 'above' | 'below' | null }
  | { kind: 'suppressed'; fewResponses: boolean }
  | { kind: 'empty' };

export interface HeadlineRow {
  id: string;
  name: string;
  state: CellState;
  ci95: [number, number] | null;
  favourable: number | null;
  change: { fromWave: string; meanDelta: number; significant: boolean } | null;
}

export interface TrendPoint {
  wave: string;
  closesAt: string;
  mean: number | null;
  ci95: [number, number] | null;
  n: number | null;
  suppressed: boolean;
}

export interface QuestionRow {
  id: string;
  text: string;
  suppressed: boolean;
  n: number | null;
  dontKnow: number | null;
  distribution: [number, number, number, number, number] | null;
  mean: number | null;
}

export interface ParticipationRow {
  name: string;
  invited: number;
  responses: number;
  responseRate: number | null;
}

export interface Heatmap {
  dimension: string;
  label: string;
  rows: { id: string; name: string; cells: CellState[] }[];
}

export interface ReportModel {
  collaborationName: string;
  surveyTitle: string;
  generatedAt: string;
  k: number;
  wave: ReportWave;
  characteristics: { id: string; name: string }[];
  summary: string[];
  participation: {
    overall: ParticipationRow;
    groups: { dimension: string; label: string; rows: ParticipationRow[] }[];
  };
  headline: HeadlineRow[];
  heatmaps: Heatmap[];
  details: { id: string; name: string; trend: TrendPoint[]; questions: QuestionRow[] }[];
}

const DIMENSION_LABELS: Record<string, string> = { neighbourhood: 'Neighbourhood', sector: 'Sector' };
const dimensionLabel = (dimension: string) =>
  DIMENSION_LABELS[dimension] ?? dimension.charAt(0).toUpperCase() + dimension.slice(1);

/** Closed waves with published cells, oldest first: the waves a report can be about. */
export const reportableWaves = (snapshot: ReportSnapshot): ReportWave[] => {
  const withCells = new Set(snapshot.cells.map((c) => c.wave));
  return snapshot.waves
    .filter((w) => w.status === 'closed' && withCells.has(w.id))
    .sort((a, b) => Date.parse(a.opensAt) - Date.parse(b.opensAt));
};

/** Ids cannot contain a newline, so joining on one is unambiguous (a null segment is the empty string). */
const cellKey = (wave: string, dimension: string, segment: string | null, ch: string) =>
  `${wave}\n${dimension}\n${segment ?? ''}\n${ch}`;

/** `responses`: how many in the cell's group answered the wave (published participation), when known. */
const stateOf = (cell: ReportCell | undefined, k: number, responses?: number): CellState => {
  if (!cell || cell.suppressed)
    return { kind: 'suppressed', fewResponses: responses === undefined || responses < k };
  if (cell.n === 0 || cell.mean === null) return { kind: 'empty' };
  const vsRest = cell.vsRest?.significant ? (cell.vsRest.meanDelta > 0 ? 'above' : 'below') : null;
  return { kind: 'published', mean: cell.mean, band: cell.band, n: cell.n ?? 0, vsRest };
};

/**
 * Everything the report shows for one wave, taken from the snapshot's published cells only (so the
 * same disclosure control applies): nothing is recomputed from responses, and a suppressed cell
 * contributes no number anywhere.
 */
export const buildReportModel = (snapshot: ReportSnapshot, wave: ReportWave): ReportModel => {
  // Only characteristic rows are looked up by coordinates (question rows are listed per round).
  const byKey = new Map<string, ReportCell>();
  for (const c of snapshot.cells) {
    if (c.question === null) byKey.set(cellKey(c.wave, c.dimension, c.segment, c.characteristic), c);
  }
  const cell = (w: string, dim: string, seg: string | null, ch: string) =>
    byKey.get(cellKey(w, dim, seg, ch));

  const waveCells = snapshot.cells.filter((c) => c.wave === wave.id);
  const asked = new Set(waveCells.map((c) => c.characteristic));
  const characteristics = snapshot.characteristics
    .filter((c) => asked.has(c.id))
    .map((c) => ({
      id: c.id,
      name: waveCells.find((x) => x.characteristic === c.id)?.characteristicName ?? c.name,
    }));
  const nameOf = new Map(characteristics.map((c) => [c.id, c.name]));
  const dimensions = [...new Set(snapshot.segments.map((s) => s.dimension))];
  const segmentsOf = (dimension: string) => snapshot.segments.filter((s) => s.dimension === dimension);

  // The threshold this wave was published under: a later change of the setting does not reach it.
  const k = wave.minGroupSize ?? snapshot.minGroupSize;
  const headline: HeadlineRow[] = characteristics.map((ch) => {
    const c = cell(wave.id, OVERALL, null, ch.id);
    return {
      id: ch.id,
      name: ch.name,
      state: stateOf(c, k, wave.responses),
      ci95: c?.ci95 ?? null,
      favourable: c?.favourable ?? null,
      change: c?.change
        ? { fromWave: c.change.fromWave, meanDelta: c.change.meanDelta, significant: c.change.significant }
        : null,
    };
  });

  const heatmaps: Heatmap[] = dimensions.map((dimension) => ({
    dimension,
    label: dimensionLabel(dimension),
    rows: segmentsOf(dimension).map((s) => ({
      id: s.id,
      name: s.name,
      cells: characteristics.map((ch) =>
        stateOf(
          cell(wave.id, dimension, s.id, ch.id),
          k,
          wave.bySegment?.find((b) => b.dimension === dimension && b.segment === s.id)?.responses,
        ),
      ),
    })),
  }));

  // The trend runs over every reportable wave up to this one: a report on an old wave ignores later ones.
  const trendWaves = reportableWaves(snapshot).filter(
    (w) => Date.parse(w.opensAt) <= Date.parse(wave.opensAt),
  );
  const details = characteristics.map((ch) => ({
    id: ch.id,
    name: ch.name,
    trend: trendWaves.map((w): TrendPoint => {
      const c = cell(w.id, OVERALL, null, ch.id);
      return {
        wave: w.id,
        closesAt: w.closesAt,
        mean: c?.mean ?? null,
        ci95: c?.ci95 ?? null,
        n: c?.n ?? null,
        suppressed: c?.suppressed ?? true,
      };
    }),
    questions: waveCells
      .filter((c) => c.dimension === OVERALL && c.characteristic === ch.id && c.question !== null)
      .map(
        (c): QuestionRow => ({
          id: c.question as string,
          text: c.questionText ?? (c.question as string),
          suppressed: c.suppressed,
          n: c.n,
          dontKnow: c.dontKnow,
          distribution: c.distribution,
          mean: c.mean,
        }),
      ),
  }));

  const participationRow = (name: string, p: Omit<SegmentParticipation, 'dimension' | 'segment'>) => ({
    name,
    invited: p.invited,
    responses: p.responses,
    responseRate: p.responseRate,
  });
  const groups = dimensions
    .map((dimension) => ({
      dimension,
      label: dimensionLabel(dimension),
      rows: segmentsOf(dimension).flatMap((s) => {
        const p = wave.bySegment?.find((b) => b.dimension === dimension && b.segment === s.id);
        return p ? [participationRow(s.name, p)] : [];
      }),
    }))
    .filter((g) => g.rows.length > 0);

  return {
    collaborationName: snapshot.collaboration.name,
    surveyTitle: snapshot.survey.title,
    generatedAt: snapshot.generatedAt,
    k,
    wave,
    characteristics,
    summary: summarise(headline, heatmaps, nameOf),
    participation: { overall: participationRow('Everyone', wave), groups },
    headline,
    heatmaps,
    details,
  };
};

const list = (items: string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

/** Plain-English sentences on what stands out, each backed by a published figure in the report. */
const summarise = (headline: HeadlineRow[], heatmaps: Heatmap[], nameOf: Map<string, string>): string[] => {
  const published = headline.flatMap((h) =>
    h.state.kind === 'published' ? [{ ...h, mean: h.state.mean }] : [],
  );
  if (published.length === 0) {
    return ['Too few people answered this round for any overall figure to be shown.'];
  }
  const sorted = [...published].sort((a, b) => b.mean - a.mean);
  const strongest = sorted[0] as (typeof sorted)[number];
  const weakest = sorted.at(-1) as (typeof sorted)[number];
  const sentences = [
    sorted.length > 1
      ? `The strongest characteristic is ${strongest.name} (mean ${mean2(strongest.mean)} out of 5) and the weakest is ${weakest.name} (${mean2(weakest.mean)}).`
      : `${strongest.name} has a mean of ${mean2(strongest.mean)} out of 5.`,
  ];
  const up = published.filter((h) => h.change?.significant && h.change.meanDelta > 0);
  const down = published.filter((h) => h.change?.significant && h.change.meanDelta < 0);
  const moved = (rows: typeof published) =>
    list(rows.map((h) => `${h.name} (${signed(h.change?.meanDelta ?? 0)})`));
  if (up.length > 0) sentences.push(`Significantly better than the previous round: ${moved(up)}.`);
  if (down.length > 0) sentences.push(`Significantly worse than the previous round: ${moved(down)}.`);
  if (up.length + down.length === 0 && published.some((h) => h.change)) {
    sentences.push('No characteristic changed significantly since the previous round.');
  }
  for (const heatmap of heatmaps) {
    for (const direction of ['above', 'below'] as const) {
      const found = heatmap.rows.flatMap((row) => {
        const names = row.cells.flatMap((c, i) =>
          c.kind === 'published' && c.vsRest === direction ? [nameOf.get(headline[i]?.id ?? '') ?? ''] : [],
        );
        return names.length > 0 ? [`${row.name} on ${list(names)}`] : [];
      });
      if (found.length > 0) {
        const who = heatmap.dimension === 'neighbourhood' ? 'Neighbourhoods' : `${heatmap.label}s`;
        sentences.push(`${who} significantly ${direction} the rest of the alliance: ${found.join('; ')}.`);
      }
    }
  }
  return sentences;
};
