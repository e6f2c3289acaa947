import type { ResponseRecord } from '../response.js';
import { type BandThresholds, checkBandThresholds, DEFAULT_BANDS } from './bands.js';
import type { RawCell } from './cell.js';
import { checkDimensions, type Dimension } from './dimensions.js';
import { type LinkedGroup, linkedGroups } from './disclosure.js';
import { type BlockSums, finishCells } from './finish.js';
import {
  addInto,
  C_DONT_KNOW,
  C_FAVOURABLE,
  C_N,
  C_SUM,
  C_SUM_SQUARES,
  CHAR_STRIDE,
  Q_STRIDE,
  scaleFor,
} from './sums.js';

/** A likert question as the accumulator sees it. */
export interface LikertItem {
  id: string;
  characteristic: string;
}

/** What one wave is accumulated against. */
export interface WaveSpec {
  waveId: string;
  /** Characteristic ids in framework order (the order of the cells). */
  characteristics: readonly string[];
  /** The survey's likert questions in survey order; each maps to one of `characteristics`. */
  questions: readonly LikertItem[];
  dimensions: readonly Dimension[];
  bands?: BandThresholds;
}

/**
 * An accumulator's sums as plain, JSON-serialisable data, so that shards accumulated apart (in parallel
 * reads, or in other processes) can be merged exactly. Characteristic sums are in the units of
 * `ScoreMoments` (scores × lcm of 1…items).
 */
export interface AccumulatorState {
  waveId: string;
  characteristics: string[];
  questions: LikertItem[];
  /** Dimension names, in spec order. */
  dimensions: string[];
  responses: number;
  invalidAnswers: number;
  /** One per combination of segments met: the segment of each dimension, in `dimensions` order. */
  blocks: {
    segments: string[];
    /** Per characteristic: n, dontKnow, sum, sum of squares, favourable. */
    characteristics: number[];
    /** Per question: dontKnow, then counts of 1…5. */
    questions: number[];
  }[];
}

const sameItems = (a: readonly LikertItem[], b: readonly LikertItem[]): boolean =>
  a.length === b.length && a.every((q, i) => q.id === b[i]?.id && q.characteristic === b[i]?.characteristic);

/**
 * Single-pass sufficient statistics for one wave, from which every cell (segment × characteristic and
 * segment × question) follows.
 *
 * Rules (DESIGN "Statistics"): a question's `n` counts answers 1–5 and its `dontKnow` counts nulls; a
 * characteristic's score is the respondent's mean over the items they answered 1–5, its `n` counts
 * respondents with at least one such item and its `dontKnow` those who answered none of its items and
 * said "don't know" to at least one. A question missing from a response (asked only in other waves)
 * counts as not asked, so "don't know to all its items" means all the items the respondent was asked.
 * Answers other than null or a whole number 1–5 cannot pass validation; should one appear it is
 * skipped and counted in `invalidAnswers` rather than corrupting a neighbouring cell.
 *
 * Speed: sums are kept per *block*, a combination of one segment of each dimension (e.g. neighbourhood ×
 * sector), so a response updates one block instead of overall plus one segment per dimension; `finish`
 * (`finishCells`) adds the blocks up into overall and each segment. Memory therefore grows with the combinations
 * present (at most the product of the segment counts, e.g. 500 neighbourhoods × 5 sectors), never with
 * responses. The hot loop allocates nothing: question positions and per-characteristic multipliers are
 * precomputed, sums live in Float64Arrays, and a characteristic score is the whole number
 * `Σ answers · (scale / answered)` (see `ScoreMoments`), so there is no division per response.
 */
export class WaveAccumulator {
  readonly waveId: string;
  #responses = 0;
  #invalidAnswers = 0;

  readonly #characteristics: readonly string[];
  readonly #questions: readonly LikertItem[];
  readonly #dimensions: readonly Dimension[];
  readonly #bands: BandThresholds;
  readonly #questionIds: string[];
  readonly #questionCharacteristic: Int32Array;
  readonly #scale: Float64Array;
  /** `#multiplier[c·(maxItems+1) + k]` = scale(c) / k: the score's units per answer point with k answered. */
  readonly #multiplier: Float64Array;
  readonly #multiplierStride: number;

  /** Per dimension: segment names by local index, and the reverse. */
  readonly #segmentNames: string[][];
  readonly #segmentIndex: Map<string, number>[];
  /** A trie over the dimensions' local segment indices; node 0 is the root, leaves hold block indices. */
  readonly #trie: Map<number, number>[] = [new Map()];
  /** Block b's local segment index for dimension d is at b·D + d. */
  readonly #blockSegments: number[] = [];
  #blocks = 0;
  #capacity = 0;
  #charStats = new Float64Array(0);
  #questionStats = new Float64Array(0);

  // Scratch for one response, reused.
  readonly #tuple: Int32Array;
  readonly #answeredSum: Int32Array;
  readonly #answeredCount: Int32Array;
  readonly #dontKnowCount: Int32Array;

  constructor(spec: WaveSpec) {
    this.waveId = spec.waveId;
    checkDimensions(spec.dimensions);
    this.#bands = checkBandThresholds(spec.bands ?? DEFAULT_BANDS);
    this.#characteristics = [...spec.characteristics];
    this.#questions = spec.questions.map((q) => ({ id: q.id, characteristic: q.characteristic }));
    this.#dimensions = [...spec.dimensions];

    const charIndex = new Map(this.#characteristics.map((c, i) => [c, i]));
    if (charIndex.size !== this.#characteristics.length) throw new RangeError('Characteristic ids repeat');
    if (new Set(this.#questions.map((q) => q.id)).size !== this.#questions.length) {
      throw new RangeError('Question ids repeat');
    }
    this.#questionIds = this.#questions.map((q) => q.id);
    this.#questionCharacteristic = Int32Array.from(this.#questions, (q) => {
      const c = charIndex.get(q.characteristic);
      if (c === undefined) {
        throw new RangeError(
          `Question "${q.id}" maps to "${q.characteristic}", which is not in the framework`,
        );
      }
      return c;
    });

    const C = this.#characteristics.length;
    const items = new Int32Array(C);
    for (const c of this.#questionCharacteristic) items[c] = (items[c] as number) + 1;
    const maxItems = Math.max(0, ...items);
    this.#multiplierStride = maxItems + 1;
    this.#scale = Float64Array.from(items, scaleFor);
    this.#multiplier = new Float64Array(C * this.#multiplierStride);
    for (let c = 0; c < C; c++) {
      for (let k = 1; k <= maxItems; k++)
        this.#multiplier[c * this.#multiplierStride + k] = (this.#scale[c] as number) / k;
    }

    this.#tuple = new Int32Array(this.#dimensions.length);
    this.#answeredSum = new Int32Array(C);
    this.#answeredCount = new Int32Array(C);
    this.#dontKnowCount = new Int32Array(C);
    this.#segmentNames = this.#dimensions.map(() => []);
    this.#segmentIndex = this.#dimensions.map(() => new Map());
    this.#dimensions.forEach((d, i) => {
      for (const s of d.segments ?? []) this.#segmentOf(i, s);
    });
    this.#grow(16);
  }

  /** Responses added (directly or through merges). */
  get responses(): number {
    return this.#responses;
  }

  /** Answers skipped because they were neither null nor a whole number 1–5 (should stay 0). */
  get invalidAnswers(): number {
    return this.#invalidAnswers;
  }

  /** Adds one response of this wave (another wave's response is a caller's mistake and throws). */
  add(response: ResponseRecord): void {
    if (response.waveId !== this.waveId) {
      throw new RangeError(
        `A response of wave "${response.waveId}" cannot be added to wave "${this.waveId}"`,
      );
    }
    const tuple = this.#tuple;
    const dims = this.#dimensions;
    for (let d = 0; d < tuple.length; d++)
      tuple[d] = this.#segmentOf(d, (dims[d] as Dimension).segmentOf(response));
    const block = this.#blockOf(tuple);

    // Read after #blockOf, which may have grown (replaced) the arrays.
    const Q = this.#questionIds.length;
    const C = this.#characteristics.length;
    const qStats = this.#questionStats;
    const cStats = this.#charStats;
    const qBase = block * Q * Q_STRIDE;
    const cBase = block * C * CHAR_STRIDE;
    const ids = this.#questionIds;
    const qChar = this.#questionCharacteristic;
    const answeredSum = this.#answeredSum;
    const answeredCount = this.#answeredCount;
    const dontKnowCount = this.#dontKnowCount;
    const answers = response.answers;

    // One keyed read per question id rather than for…in over the answers: unmarshalled DynamoDB maps
    // are dictionary-mode objects (properties added by computed key), on which for…in is ~2× slower
    // than keyed reads (it sorts and copies the keys); on fast-mode objects the two are about even.
    for (let q = 0; q < Q; q++) {
      const v = answers[ids[q] as string];
      const c = qChar[q] as number;
      let bin: number;
      if (v === null) {
        bin = 0;
        dontKnowCount[c] = (dontKnowCount[c] as number) + 1;
      } else if (typeof v === 'number' && v >= 1 && v <= 5 && (v | 0) === v) {
        bin = v;
        answeredSum[c] = (answeredSum[c] as number) + v;
        answeredCount[c] = (answeredCount[c] as number) + 1;
      } else {
        if (v !== undefined) this.#invalidAnswers++;
        continue;
      }
      const i = qBase + q * Q_STRIDE + bin;
      qStats[i] = (qStats[i] as number) + 1;
    }

    const multiplier = this.#multiplier;
    const stride = this.#multiplierStride;
    for (let c = 0; c < C; c++) {
      const k = answeredCount[c] as number;
      const base = cBase + c * CHAR_STRIDE;
      if (k > 0) {
        const sum = answeredSum[c] as number;
        const x = sum * (multiplier[c * stride + k] as number);
        cStats[base + C_N] = (cStats[base + C_N] as number) + 1;
        cStats[base + C_SUM] = (cStats[base + C_SUM] as number) + x;
        cStats[base + C_SUM_SQUARES] = (cStats[base + C_SUM_SQUARES] as number) + x * x;
        // mean ≥ 4, decided on whole numbers
        if (sum >= 4 * k) cStats[base + C_FAVOURABLE] = (cStats[base + C_FAVOURABLE] as number) + 1;
      } else if ((dontKnowCount[c] as number) > 0) {
        cStats[base + C_DONT_KNOW] = (cStats[base + C_DONT_KNOW] as number) + 1;
      }
      answeredSum[c] = 0;
      answeredCount[c] = 0;
      dontKnowCount[c] = 0;
    }
    this.#responses++;
  }

  /** Adds another accumulator's sums (another shard of the same wave, accumulated against the same spec). */
  merge(other: WaveAccumulator | AccumulatorState): void {
    const state = other instanceof WaveAccumulator ? other.state() : other;
    const D = this.#dimensions.length;
    if (
      state.waveId !== this.waveId ||
      state.characteristics.join('\n') !== this.#characteristics.join('\n') ||
      !sameItems(state.questions, this.#questions) ||
      state.dimensions.join('\n') !== this.#dimensions.map((d) => d.name).join('\n')
    ) {
      throw new RangeError(
        'Only accumulators of the same wave, characteristics, questions and dimensions merge',
      );
    }
    const C = this.#characteristics.length;
    const Q = this.#questions.length;
    for (const b of state.blocks) {
      if (
        b.segments.length !== D ||
        b.characteristics.length !== C * CHAR_STRIDE ||
        b.questions.length !== Q * Q_STRIDE
      ) {
        throw new RangeError('Malformed accumulator state');
      }
      const tuple = Int32Array.from(b.segments, (s, d) => this.#segmentOf(d, s));
      const block = this.#blockOf(tuple);
      addInto(this.#charStats, block * C * CHAR_STRIDE, b.characteristics);
      addInto(this.#questionStats, block * Q * Q_STRIDE, b.questions);
    }
    this.#responses += state.responses;
    this.#invalidAnswers += state.invalidAnswers;
  }

  /** The sums as plain, JSON-serialisable data (see {@link AccumulatorState}). */
  state(): AccumulatorState {
    const C = this.#characteristics.length;
    const Q = this.#questions.length;
    const D = this.#dimensions.length;
    return {
      waveId: this.waveId,
      characteristics: [...this.#characteristics],
      questions: this.#questions.map((q) => ({ ...q })),
      dimensions: this.#dimensions.map((d) => d.name),
      responses: this.#responses,
      invalidAnswers: this.#invalidAnswers,
      blocks: Array.from({ length: this.#blocks }, (_, b) => ({
        segments: this.#segmentNames.map(
          (names, d) => names[this.#blockSegments[b * D + d] as number] as string,
        ),
        characteristics: Array.from(this.#charStats.subarray(b * C * CHAR_STRIDE, (b + 1) * C * CHAR_STRIDE)),
        questions: Array.from(this.#questionStats.subarray(b * Q * Q_STRIDE, (b + 1) * Q * Q_STRIDE)),
      })),
    };
  }

  /**
   * The cells before disclosure control, in table order (see `finishCells`).
   */
  finish(): RawCell[] {
    return finishCells(this.#sums());
  }

  /** Groups of segments that hold exactly the same respondents in this wave (see `linkedGroups`). */
  linkedGroups(): LinkedGroup[] {
    return linkedGroups(this.#sums());
  }

  /** The sums per block, read in place by `finishCells` and `linkedGroups`. */
  #sums(): BlockSums {
    return {
      waveId: this.waveId,
      characteristics: this.#characteristics,
      questions: this.#questions,
      questionCharacteristic: this.#questionCharacteristic,
      scale: this.#scale,
      bands: this.#bands,
      dimensions: this.#dimensions,
      segmentNames: this.#segmentNames,
      segmentIndex: this.#segmentIndex,
      blocks: this.#blocks,
      blockSegments: this.#blockSegments,
      charStats: this.#charStats,
      questionStats: this.#questionStats,
    };
  }

  /** A dimension's local index for a segment, registering a segment met for the first time. */
  #segmentOf(dimension: number, segment: string): number {
    const map = this.#segmentIndex[dimension] as Map<string, number>;
    let index = map.get(segment);
    if (index === undefined) {
      const names = this.#segmentNames[dimension] as string[];
      index = names.length;
      names.push(segment);
      map.set(segment, index);
    }
    return index;
  }

  /** The block of a combination of local segment indices (one per dimension), created when first met. */
  #blockOf(tuple: Int32Array): number {
    const D = tuple.length;
    if (D === 0) return this.#blocks > 0 ? 0 : this.#newBlock(tuple);
    let node = 0;
    for (let d = 0; d < D; d++) {
      const children = this.#trie[node] as Map<number, number>;
      const local = tuple[d] as number;
      let next = children.get(local);
      if (next === undefined) {
        if (d === D - 1) {
          next = this.#newBlock(tuple);
        } else {
          next = this.#trie.length;
          this.#trie.push(new Map());
        }
        children.set(local, next);
      }
      node = next;
    }
    return node;
  }

  #newBlock(tuple: Int32Array): number {
    const block = this.#blocks++;
    if (block >= this.#capacity) this.#grow(this.#capacity * 2);
    for (const local of tuple) this.#blockSegments.push(local);
    return block;
  }

  #grow(capacity: number): void {
    const chars = new Float64Array(capacity * this.#characteristics.length * CHAR_STRIDE);
    chars.set(this.#charStats);
    const questions = new Float64Array(capacity * this.#questions.length * Q_STRIDE);
    questions.set(this.#questionStats);
    this.#charStats = chars;
    this.#questionStats = questions;
    this.#capacity = capacity;
  }
}

/** Starts accumulating one wave. */
export const createWaveAccumulator = (spec: WaveSpec): WaveAccumulator => new WaveAccumulator(spec);
