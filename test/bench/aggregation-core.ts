/**
 * Benchmark of the aggregation core on one national-scale wave: 1,000,000 responses × 24 likert items
 * (3 per characteristic, 8 characteristics), 8 neighbourhoods, 5 sectors. Target: ≤ 1.5 s on one core.
 *
 * Responses are pre-generated compactly outside the timed section (one byte per answer, ~26 MB in
 * typed arrays), so neither generation nor a million live objects dominate time or memory. They are
 * then materialised a page at a time as the DynamoDB store would deliver them (untimed) and fed to the
 * accumulator (timed), so the core reads fresh, store-shaped objects as it will in production.
 *
 * Run directly: `node --import tsx test/bench/aggregation-core.ts`.
 */
import { pathToFileURL } from 'node:url';
import { createWaveAccumulator, waveLabelsFor, waveSpecFor } from '../../lib/domain/aggregation/index.js';
import type { Sector } from '../../lib/domain/collaboration.js';
import { DEFAULT_FRAMEWORK, SECTORS } from '../../lib/domain/collaboration.js';
import type { ResponseRecord } from '../../lib/domain/response.js';
import type { Question } from '../../lib/domain/survey.js';
import { seededRandom } from '../../lib/seeded-random.js';
import { fastAnswers } from '../../lib/stores/dynamodb/responses.js';
import { attachChanges, publishWave } from '../support/aggregate.js';

const RESPONSES = 1_000_000;
const ITEMS_PER_CHARACTERISTIC = 3;
const NEIGHBOURHOODS = 8;

const characteristics = DEFAULT_FRAMEWORK.characteristics;
const questions: Question[] = characteristics.flatMap((c) =>
  Array.from({ length: ITEMS_PER_CHARACTERISTIC }, (_, i) => ({
    id: `${c.id}-${i + 1}`,
    characteristic: c.id,
    text: `Item ${i + 1} about ${c.name}`,
    type: 'likert5' as const,
  })),
);
const neighbourhoods = Array.from({ length: NEIGHBOURHOODS }, (_, i) => ({
  id: `n${i + 1}`,
  name: `N${i + 1}`,
}));
const partners = SECTORS.map((sector) => ({ id: `p-${sector}`, name: sector, sector }));

const DONT_KNOW = 0;

interface Packed {
  /** One byte per answer: 0 for "don't know", else 1–5 (24 MB). */
  answers: Uint8Array;
  neighbourhood: Uint8Array;
  sector: Uint8Array;
}

/** Answers: "don't know" ~5%, else 1–5, skewed upwards by neighbourhood so cells differ. */
const generate = (): Packed => {
  const random = seededRandom(20261101);
  const Q = questions.length;
  const packed: Packed = {
    answers: new Uint8Array(RESPONSES * Q),
    neighbourhood: new Uint8Array(RESPONSES),
    sector: new Uint8Array(RESPONSES),
  };
  for (let r = 0; r < RESPONSES; r++) {
    const n = Math.floor(random() * NEIGHBOURHOODS);
    packed.neighbourhood[r] = n;
    packed.sector[r] = Math.floor(random() * SECTORS.length);
    for (let q = 0; q < Q; q++) {
      packed.answers[r * Q + q] =
        random() < 0.05 ? DONT_KNOW : Math.min(5, 1 + Math.floor(random() * 5 + n / NEIGHBOURHOODS));
    }
  }
  return packed;
};

/** Responses per page, as the store would hand them over (a 1 MB DynamoDB page holds 1,000–2,000 such items). */
const PAGE = 2_000;

/**
 * Materialises one page of responses as the DynamoDB store delivers them: `answers` built like
 * @aws-sdk/util-dynamodb's `unmarshall` builds a map (one keyed store per attribute onto `{}`), then
 * passed through the store's own `fastAnswers`, exactly as `DynamoResponseStore` does.
 */
const materialisePage = (packed: Packed, from: number, waveId: string): ResponseRecord[] => {
  const Q = questions.length;
  const page: ResponseRecord[] = [];
  for (let r = from; r < Math.min(RESPONSES, from + PAGE); r++) {
    const sector = SECTORS[packed.sector[r] as number] as Sector;
    const answers: Record<string, number | null> = {};
    for (let q = 0; q < Q; q++) {
      const v = packed.answers[r * Q + q] as number;
      answers[(questions[q] as Question).id] = v === DONT_KNOW ? null : v;
    }
    page.push({
      waveId,
      partnerId: `p-${sector}`,
      neighbourhoodId: (neighbourhoods[packed.neighbourhood[r] as number] as { id: string }).id,
      sector,
      day: '2026-11-10',
      answers: fastAnswers(answers),
    });
  }
  return page;
};

/**
 * Runs the benchmark and returns its figures (wall-clock ms, peak RSS in MB). Only the core is timed:
 * `add` over each page just after the page is materialised (so the records are as fresh in cache as a
 * store page's would be), then finishing, disclosure control and change.
 */
export async function benchAggregationCore(): Promise<{
  label: string;
  figures: Record<string, number | string>;
}> {
  const waveId = '2026-11';
  const config = {
    collaboration: { neighbourhoods, partners, minGroupSize: 5, framework: DEFAULT_FRAMEWORK },
    survey: { questions },
  };
  let start = performance.now();
  const packed = generate();
  const generationMs = performance.now() - start;

  let materialiseMs = 0;
  let accumulateMs = 0;
  let coreCpuMicros = 0;
  const cpuSince = (from: NodeJS.CpuUsage): number => {
    const used = process.cpuUsage(from);
    return used.user + used.system;
  };
  const accumulator = createWaveAccumulator(waveSpecFor(config, waveId));
  for (let from = 0; from < RESPONSES; from += PAGE) {
    start = performance.now();
    const page = materialisePage(packed, from, waveId);
    materialiseMs += performance.now() - start;
    start = performance.now();
    const cpu = process.cpuUsage();
    for (const response of page) accumulator.add(response);
    coreCpuMicros += cpuSince(cpu);
    accumulateMs += performance.now() - start;
  }
  start = performance.now();
  const cpu = process.cpuUsage();
  const cells = attachChanges([
    { wave: waveId, cells: publishWave(accumulator, 5, waveLabelsFor(config, {})) },
  ]).flat();
  coreCpuMicros += cpuSince(cpu);
  const publishMs = performance.now() - start;

  return {
    label: `aggregation core, 1 wave: ${accumulator.responses.toLocaleString('en-GB')} responses × ${questions.length} likert items, ${characteristics.length} characteristics, ${NEIGHBOURHOODS} neighbourhoods, ${SECTORS.length} sectors (generation and per-page materialisation of store-shaped records excluded; coreMs = accumulate + publish)`,
    figures: {
      responses: accumulator.responses,
      cells: cells.length,
      generationMs: Math.round(generationMs),
      materialiseMs: Math.round(materialiseMs),
      accumulateMs: Math.round(accumulateMs),
      publishMs: Math.round(publishMs),
      coreMs: Math.round(accumulateMs + publishMs),
      /** CPU time of the same sections: less disturbed than wall time when other processes share the cores. */
      coreCpuMs: Math.round(coreCpuMicros / 1000),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { label, figures } = await benchAggregationCore();
  console.log(label);
  console.table(figures);
}
