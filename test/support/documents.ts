/** Request bodies most tests start from: a small alliance, its survey and a valid submission. */

export const collaborationDocument = (overrides: Record<string, unknown> = {}) => ({
  name: 'Test Alliance',
  neighbourhoods: [
    { id: 'north', name: 'North' },
    { id: 'south', name: 'South' },
  ],
  partners: [
    { id: 'council', name: 'Borough Council', sector: 'local-authority' },
    { id: 'pcn', name: 'North PCN', sector: 'primary-care' },
    { id: 'charity', name: 'Community Trust', sector: 'vcse' },
  ],
  ...overrides,
});

export const surveyDocument = (overrides: Record<string, unknown> = {}) => ({
  title: 'Alliance pulse',
  questions: [
    {
      id: 'sp1',
      characteristic: 'shared-purpose',
      text: 'We agree on what the alliance is for',
      type: 'likert5',
    },
    { id: 'sp2', characteristic: 'shared-purpose', text: 'Our joint priorities are clear', type: 'likert5' },
    {
      id: 'tr1',
      characteristic: 'trusting-relationships',
      text: 'I trust colleagues in partner organisations',
      type: 'likert5',
    },
    { id: 'sp-comment', characteristic: 'shared-purpose', text: 'Anything to add?', type: 'comment' },
  ],
  cadence: { intervalDays: 91, waveLengthDays: 14, firstWaveOpensAt: '2030-01-07T09:00:00' },
  ...overrides,
});

export const validAnswers = {
  answers: { sp1: 4, sp2: null, tr1: 2 },
  comments: { 'sp-comment': 'More joint time' },
};
