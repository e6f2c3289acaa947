/**
 * Benchmark of the disclosure audit (DESIGN "Disclosure audit"):
 * - demo-shaped survey: 9 neighbourhoods (one of 4 links), 20 partners in 5 sectors, 16 questions over
 *   8 characteristics, 4 closed waves at 55–75 % response — target ≤ 2 s;
 * - national-size wave: 40 neighbourhoods × 5 sectors × 8 characteristics × 24 questions — target ≤ 60 s.
 * Also prints the information loss (share of segment cells with n ≥ minGroupSize hidden) of the
 * per-relation rule and of the audited choice, and how many hidden cells the rule alone leaves
 * unprotected.
 *
 * Run directly: `node --import tsx test/bench/audit.ts`.
 */
import { pathToFileURL } from 'node:url';
import { loadHighsSolver } from '../../lib/app/highs-solver.js';
import { accumulateWave, hiddenCells, type WaveAccumulator } from '../../lib/domain/aggregation/index.js';
import { DEFAULT_FRAMEWORK, SECTORS, type Sector } from '../../lib/domain/collaboration.js';
import {
  checkSuppression,
  type LpSolver,
  publishAuditedWave,
  summariseAudits,
  type WaveAudit,
} from '../../lib/domain/disclosure-audit/index.js';
import type { ResponseRecord } from '../../lib/domain/response.js';
import { seededRandom } from '../../lib/seeded-random.js';

export interface Shape {
  neighbourhoods: number;
  /** Links per partner × neighbourhood, and which partners work where. */
  links: { partner: string; sector: Sector; neighbourhood: string; count: number }[];
  itemsPerCharacteristic: number;
  waves: number;
  rate: () => number;
}

const characteristics = DEFAULT_FRAMEWORK.characteristics;

/** Accumulated closed waves of a collaboration of the given shape, with answers that vary by place and sector. */
const generateWaves = (shape: Shape, seed: number) => {
  const random = seededRandom(seed);
  const questions = characteristics.flatMap((c) =>
    Array.from({ length: shape.itemsPerCharacteristic }, (_, i) => ({
      id: `${c.id}-${i + 1}`,
      characteristic: c.id,
      text: c.name,
      type: 'likert5' as const,
    })),
  );
  const neighbourhoods = [...new Set(shape.links.map((l) => l.neighbourhood))];
  const partners = [
    ...new Map(
      shape.links.map((l) => [l.partner, { id: l.partner, name: l.partner, sector: l.sector }]),
    ).values(),
  ];
  const config = {
    collaboration: {
      neighbourhoods: neighbourhoods.map((id) => ({ id, name: id })),
      partners,
      minGroupSize: 5,
      framework: DEFAULT_FRAMEWORK,
    },
    survey: { questions },
  };
  const lift = new Map(neighbourhoods.map((id, i) => [id, (i % 4) * 0.15 - 0.2]));
  const sectorLift: Record<Sector, number> = {
    'local-authority': 0,
    'primary-care': -0.25,
    'nhs-trust': -0.1,
    vcse: 0.2,
    other: 0,
  };
  const waves: WaveAccumulator[] = [];
  for (let k = 0; k < shape.waves; k++) {
    const rate = shape.rate();
    const responses: ResponseRecord[] = [];
    for (const link of shape.links) {
      for (let i = 0; i < link.count; i++) {
        if (random() > rate) continue;
        const answers: Record<string, number | null> = {};
        questions.forEach((q, qi) => {
          const mean =
            2.9 +
            ((qi >> 1) % 5) * 0.25 +
            (lift.get(link.neighbourhood) ?? 0) +
            sectorLift[link.sector] +
            k * 0.08;
          answers[q.id] =
            random() < 0.06 ? null : Math.min(5, Math.max(1, Math.round(mean + (random() - 0.5) * 2.6)));
        });
        responses.push({
          waveId: `w${k}`,
          partnerId: link.partner,
          neighbourhoodId: link.neighbourhood,
          sector: link.sector,
          day: '2026-01-01',
          answers,
        });
      }
    }
    waves.push(accumulateWave(config, `w${k}`, responses));
  }
  return waves;
};

/** The demo's shape (infra/local/seed.ts): PCNs in their own neighbourhood, others across 60 % of them. */
const demoShape = (seed = 20261127): Shape => {
  const random = seededRandom(seed);
  const neighbourhoods = Array.from({ length: 8 }, (_, i) => `n${i + 1}`);
  const partners: [string, Sector][] = [
    ...Array.from({ length: 4 }, (_, i): [string, Sector] => [`la${i}`, 'local-authority']),
    ...Array.from({ length: 8 }, (_, i): [string, Sector] => [`pcn${i}`, 'primary-care']),
    ...Array.from({ length: 3 }, (_, i): [string, Sector] => [`trust${i}`, 'nhs-trust']),
    ...Array.from({ length: 4 }, (_, i): [string, Sector] => [`vcse${i}`, 'vcse']),
    ['fire', 'other'],
  ];
  const links = partners.flatMap(([partner, sector], pi) =>
    neighbourhoods
      .filter((_, ni) => (sector === 'primary-care' ? ni === (pi - 4) % 8 : random() < 0.6))
      .map((neighbourhood) => ({
        partner,
        sector,
        neighbourhood,
        count: sector === 'primary-care' ? 14 : 2 + Math.floor(random() * 4),
      })),
  );
  links.push({ partner: 'la2', sector: 'local-authority', neighbourhood: 'small', count: 4 });
  return { neighbourhoods: 9, links, itemsPerCharacteristic: 2, waves: 4, rate: () => 0.55 + random() * 0.2 };
};

/**
 * A sparser collaboration than the demo: 5–10 neighbourhoods, 6–15 partners of random sectors, each
 * working in about 40 % of the neighbourhoods with 1–3 or 1–12 links there, so small cells fall
 * anywhere and several relations meet at them (where the per-relation rule both over-hides and misses).
 */
const sparseShape = (seed: number): Shape => {
  const random = seededRandom(seed);
  const neighbourhoods = 5 + Math.floor(random() * 6);
  const partners = Array.from({ length: 6 + Math.floor(random() * 10) }, (_, i) => ({
    partner: `p${i}`,
    sector: SECTORS[Math.floor(random() * SECTORS.length)] as Sector,
  }));
  const links = partners.flatMap((p) =>
    Array.from({ length: neighbourhoods }, (_, n) => `n${n}`)
      .filter(() => random() < 0.4)
      .map((neighbourhood) => ({
        ...p,
        neighbourhood,
        count: 1 + Math.floor(random() * (random() < 0.3 ? 3 : 12)),
      })),
  );
  return { neighbourhoods, links, itemsPerCharacteristic: 2, waves: 1, rate: () => 0.6 + random() * 0.2 };
};

/** National size: 40 neighbourhoods × 5 sectors, 3 items per characteristic, one wave. */
const nationalShape = (): Shape => ({
  neighbourhoods: 40,
  links: Array.from({ length: 40 }, (_, n) =>
    SECTORS.map((sector, s) => ({
      partner: `p-${sector}`,
      sector,
      neighbourhood: `n${n + 1}`,
      // Uneven sizes, and every 13th neighbourhood tiny (one partner, 4 links), so some cells fall
      // below the threshold and suppression has work to do.
      count: n % 13 === 0 ? (s === 0 ? 4 : 0) : 3 + ((n * 7 + s * 13) % 40),
    })),
  )
    .flat()
    .filter((l) => l.count > 0),
  itemsPerCharacteristic: 3,
  waves: 1,
  rate: () => 0.6,
});

export interface AuditBench {
  ms: number;
  cells: number;
  before: { informationLoss: number; unprotected: number };
  after: ReturnType<typeof summariseAudits>;
}

/** Audits every wave: the per-relation rule's pattern as it stands, then the audited choice (timed). */
const benchAudit = (waves: readonly WaveAccumulator[], solver: LpSolver): AuditBench => {
  const before = waves.map((w) => {
    const raw = w.finish();
    return checkSuppression(w.state(), raw, hiddenCells(raw, 5, w.linkedGroups()), {
      minGroupSize: 5,
      solver,
    });
  });
  const started = performance.now();
  const audited = waves.map((w) => publishAuditedWave(w, { minGroupSize: 5, solver }));
  const ms = performance.now() - started;
  const loss = (audits: WaveAudit[]) =>
    audits.reduce((t, a) => t + a.hiddenSegmentCells, 0) /
    Math.max(
      1,
      audits.reduce((t, a) => t + a.segmentCells, 0),
    );
  return {
    ms,
    cells: audited.reduce((t, a) => t + a.cells.length, 0),
    before: { informationLoss: loss(before), unprotected: before.reduce((t, a) => t + a.unsafe.length, 0) },
    after: summariseAudits(
      audited.map((a) => a.audit),
      ms,
    ),
  };
};

export const runAuditBench = async (log: (line: string) => void) => {
  const solver = await loadHighsSolver();
  const demo = benchAudit(generateWaves(demoShape(), 1), solver);
  log(
    `demo-shaped survey (4 closed waves, ${demo.cells} cells): audit ${demo.ms.toFixed(0)} ms (target ≤ 2,000 ms)`,
  );
  log(
    `  information loss: per-relation rule ${(demo.before.informationLoss * 100).toFixed(1)} % (${demo.before.unprotected} hidden cells unprotected) → audited ${(demo.after.informationLoss * 100).toFixed(1)} % (${demo.after.extraSuppressed} extra, ${demo.after.cellsChecked} checked, ${demo.after.groupDisclosures} group disclosures)`,
  );
  // Random collaborations of the demo's kind: other link draws, response rates and answers.
  const random = [11, 12, 13, 14, 15].map((seed) =>
    benchAudit(generateWaves({ ...demoShape(seed), waves: 1 }, seed), solver),
  );
  const mean = (f: (b: AuditBench) => number) => random.reduce((t, b) => t + f(b), 0) / random.length;
  log(
    `5 random demo-like collaborations (1 wave each): information loss per-relation rule ${(mean((b) => b.before.informationLoss) * 100).toFixed(1)} % (${random.reduce((t, b) => t + b.before.unprotected, 0)} hidden cells unprotected in all) → audited ${(mean((b) => b.after.informationLoss) * 100).toFixed(1)} %; audit ${mean((b) => b.ms).toFixed(0)} ms a wave`,
  );
  const sparse = Array.from({ length: 8 }, (_, i) => 100 + i).map((seed) =>
    benchAudit(generateWaves(sparseShape(seed), seed), solver),
  );
  const sparseMean = (f: (b: AuditBench) => number) => sparse.reduce((t, b) => t + f(b), 0) / sparse.length;
  log(
    `8 random sparse collaborations (1 wave each): information loss per-relation rule ${(sparseMean((b) => b.before.informationLoss) * 100).toFixed(1)} % (${sparse.reduce((t, b) => t + b.before.unprotected, 0)} hidden cells unprotected in all) → audited ${(sparseMean((b) => b.after.informationLoss) * 100).toFixed(1)} %; lower in ${sparse.filter((b) => b.after.informationLoss < b.before.informationLoss).length}, higher in ${sparse.filter((b) => b.after.informationLoss > b.before.informationLoss).length} (all of them ones the rule left unprotected: ${sparse.filter((b) => b.after.informationLoss > b.before.informationLoss).every((b) => b.before.unprotected > 0)}); audit ${sparseMean((b) => b.ms).toFixed(0)} ms a wave`,
  );
  const national = benchAudit(generateWaves(nationalShape(), 2), solver);
  log(
    `national-size wave (${national.cells} cells): audit ${national.ms.toFixed(0)} ms (target ≤ 60,000 ms)`,
  );
  log(
    `  information loss: per-relation rule ${(national.before.informationLoss * 100).toFixed(1)} % (${national.before.unprotected} unprotected) → audited ${(national.after.informationLoss * 100).toFixed(1)} %`,
  );
  log(`  peak RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
  return { demo, national };
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runAuditBench((l) => console.log(l));
