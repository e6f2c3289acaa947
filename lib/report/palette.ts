import type { Band } from '../domain/aggregation/index.js';

/**
 * Colours chosen to stay distinct under the common colour-vision deficiencies (a blue–orange
 * diverging scheme, ColorBrewer PuOr and Blues/Oranges tints), each with text on it at ≥ 4.5:1.
 * Colour never stands alone: every band also carries its label, every bar segment its legend entry.
 */
export const BAND_STYLE: Record<Band, { label: string; background: string; border: string }> = {
  strength: { label: 'Strength', background: '#c6dbef', border: '#08519c' },
  borderline: { label: 'Borderline', background: '#f0f0f0', border: '#525252' },
  concern: { label: 'Concern', background: '#fdd0a2', border: '#a63603' },
};

/** Strongly disagree → strongly agree (PuOr, 5 classes). */
export const ANSWER_COLOURS = ['#b35806', '#f1a340', '#d9d9d9', '#998ec3', '#542788'] as const;

export const BAND_LINE = '#768692';
