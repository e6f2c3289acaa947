/**
 * Benchmark of the results report on a national-size snapshot: 8 characteristics × 24 questions
 * (3 each) × 40 neighbourhoods × 5 sectors × 12 closed rounds (≈ 17,700 cells). Target: ≤ 1 s.
 *
 * The snapshot is synthetic (built directly, not aggregated): the renderer only reads published
 * cells, so what matters is their number and shape — some suppressed, some empty segments, some
 * significant `vsRest` and changes. The first render (cold: Plot and the templates warm up) is timed
 * on its own, then the median of further renders.
 *
 * Run directly: `node --import tsx test/bench/report.ts`.
 */
import { pathToFileURL } from 'node:url';
import { DEFAULT_FRAMEWORK, SECTORS } from '../../lib/domain/collaboration.js';
import type { ReportCell, ReportSnapshot } from '../../lib/report/model.js';
import { renderReport } from '../../lib/report/render-report.js';
import { blank } from '../unit/report/fixture.js';

const WAVES = 12;
const NEIGHBOURHOODS = 40;
const ITEMS_PER_CHARACTERISTIC = 3;
const RUNS = 5;

/** A deterministic PRNG so every run renders the same report. */
const prng = (seed: number) => () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};

const nationalSnapshot = (): ReportSnapshot => {
  const random = prng(8);
  const characteristics = DEFAULT_FRAMEWORK.characteristics.map(({ id, name }) => ({ id, name }));
  const segments = [
    ...Array.from({ length: NEIGHBOURHOODS }, (_, i) => ({
      dimension: 'neighbourhood',
      id: `n${i + 1}`,
      name: `Neighbourhood ${i + 1}`,
    })),
    ...SECTORS.map((id) => ({ dimension: 'sector', id, name: id })),
  ];
  const waves = Array.from({ length: WAVES }, (_, w) => {
    const opens = Date.UTC(2025, w * 3, 6, 9);
    return {
      id: `w${String(w + 1).padStart(2, '0')}`,
      opensAt: new Date(opens).toISOString(),
      closesAt: new Date(opens + 14 * 86_400_000).toISOString(),
      status: 'closed' as const,
      invited: 200_000,
      responses: 120_000,
      responseRate: 0.6,
      bySegment: segments.map((s) => ({
        dimension: s.dimension,
        segment: s.id,
        segmentName: s.id,
        invited: 5_000,
        responses: 3_000,
        responseRate: 0.6,
      })),
    };
  });
  const cells: ReportCell[] = [];
  const rows = characteristics.flatMap((c) => [
    { characteristic: c.id, question: null as string | null },
    ...Array.from({ length: ITEMS_PER_CHARACTERISTIC }, (_, i) => ({
      characteristic: c.id,
      question: `${c.id}-${i + 1}` as string | null,
    })),
  ]);
  for (const wave of waves) {
    for (const segment of [{ dimension: 'overall', id: null as string | null }, ...segments]) {
      for (const row of rows) {
        const roll = random();
        const base = {
          wave: wave.id,
          waveOpensAt: '',
          waveClosesAt: '',
          dimension: segment.dimension,
          segment: segment.id,
          segmentName: segment.id,
          characteristicName: row.characteristic,
          questionText: row.question,
          ...row,
        };
        if (segment.id !== null && roll < 0.03) {
          cells.push({ ...base, ...blank, n: null, dontKnow: null, suppressed: true });
          continue;
        }
        if (segment.id !== null && roll < 0.04) {
          cells.push({ ...base, ...blank, n: 0, dontKnow: 0, suppressed: false });
          continue;
        }
        const mean = 2.5 + random() * 2;
        const n = 100 + Math.floor(random() * 1_000);
        const share = (mean - 1) / 4;
        cells.push({
          ...base,
          n,
          dontKnow: Math.floor(n / 20),
          distribution:
            row.question === null
              ? null
              : ([0.1, 0.15, 0.25, 0.3, 0.2].map((p) => Math.round(p * n)) as [
                  number,
                  number,
                  number,
                  number,
                  number,
                ]),
          mean,
          sd: 0.9,
          ci95: [mean - 0.1, mean + 0.1],
          favourable: share,
          favourableCi95: [share - 0.03, share + 0.03],
          band: mean >= 4 ? 'strength' : mean >= 3 ? 'borderline' : 'concern',
          suppressed: false,
          change:
            wave.id === 'w01'
              ? null
              : {
                  fromWave: 'prev',
                  meanDelta: random() - 0.5,
                  favourableDelta: 0.02,
                  favourableDeltaCi95: [-0.01, 0.05],
                  pValue: random(),
                  qValue: random(),
                  significant: random() < 0.1,
                  itemsChanged: false,
                },
          vsRest:
            segment.id === null
              ? null
              : { meanDelta: random() - 0.5, pValue: 0.01, qValue: 0.02, significant: random() < 0.05 },
          questionText: row.question ? `How far do you agree with statement ${row.question}?` : null,
        });
      }
    }
  }
  return {
    schemaVersion: '1',
    generatedAt: '2028-01-01T00:00:00.000Z',
    collaboration: { id: 'national', name: 'National rollout' },
    survey: { id: 'pulse', title: 'Alliance pulse' },
    minGroupSize: 5,
    characteristics,
    segments,
    waves,
    cells,
  };
};

export interface ReportBench {
  label: string;
  figures: Record<string, number>;
}

export const benchReport = (): ReportBench => {
  const snapshot = nationalSnapshot();
  let started = performance.now();
  const html = renderReport(snapshot);
  const coldMs = performance.now() - started;
  const warm: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    started = performance.now();
    const cpuStarted = process.cpuUsage();
    renderReport(snapshot);
    const used = process.cpuUsage(cpuStarted);
    warm.push(performance.now() - started);
    // CPU time as well as wall time: on a shared machine the wall time mostly measures the queue.
    cpu.push((used.user + used.system) / 1000);
  }
  warm.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return {
    label: `report: ${snapshot.cells.length.toLocaleString('en-GB')} cells, ${WAVES} rounds, ${NEIGHBOURHOODS} neighbourhoods, ${SECTORS.length} sectors`,
    figures: {
      'first render (ms)': Math.round(coldMs),
      [`median of ${RUNS} more (ms)`]: Math.round(warm[Math.floor(RUNS / 2)] ?? 0),
      'their median CPU time (ms)': Math.round(cpu[Math.floor(RUNS / 2)] ?? 0),
      'page (KB)': Math.round(html.length / 1000),
    },
  };
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = benchReport();
  console.log(result.label);
  console.table(result.figures);
}
