import type { Issue } from '../../lib/errors.js';

/**
 * Plain-English sentences for fields whose rules zod states in its own words ("Too small: expected
 * string to have >=1 characters"). Keys are issue paths with row numbers replaced by `*`. Messages we
 * wrote ourselves (duplicate ids, unknown characteristics, links still live) are kept as they are.
 */
const SENTENCES: Record<string, string> = {
  id: 'Enter an id of lower-case letters, digits and single hyphens, e.g. south-east-essex',
  name: 'Enter a name of up to 200 characters',
  neighbourhoods: 'Add at least one neighbourhood',
  'neighbourhoods.*.id': 'Enter an id of lower-case letters, digits and single hyphens, e.g. southend-west',
  'neighbourhoods.*.name': "Enter the neighbourhood's name, up to 200 characters",
  partners: 'Add at least one partner',
  'partners.*.id': 'Enter an id of lower-case letters, digits and single hyphens, e.g. castle-point-bc',
  'partners.*.name': "Enter the partner's name, up to 200 characters",
  'partners.*.sector': "Choose the partner's sector",
  minGroupSize: 'Enter a whole number of people, from 2 to 1000',
  minCommentGroupSize: 'Enter a whole number of comments, from 2 to 1000',
  retentionMonths: 'Enter a whole number of months, from 1 to 120, or leave it blank',
  timeZone: 'Enter a time zone such as Europe/London',
  framework: 'The framework must be {"characteristics": [...]}, each with an id, a name and a description',
  title: 'Enter a title of up to 200 characters',
  questions: 'Add at least one question',
  'questions.*.id': 'Enter an id of lower-case letters, digits and single hyphens, e.g. sp1',
  'questions.*.text': "Enter the question's wording, up to 500 characters",
  'questions.*.type': 'Choose whether people answer on the agree–disagree scale or in their own words',
  'questions.*.characteristic': 'Choose the characteristic this question measures',
  'cadence.intervalDays': 'Enter the number of days between waves, a whole number from 1 to 366',
  'cadence.waveLengthDays': 'Enter how many days a wave stays open, a whole number from 1 to 366',
  'cadence.firstWaveOpensAt': 'Enter the date and time the first wave opens, such as 4/1/2027 and 09:00',
  partnerId: 'Choose a partner',
  neighbourhoodId: 'Choose a neighbourhood',
  count: 'Enter how many links to issue, a whole number from 1 to 1000',
  closesAt: 'Enter a closing date and time',
};

/** zod's own wording, as opposed to messages written in our schemas and use cases. */
const ZOD_WORDING = /^(Too small|Too big|Invalid|Expected|Required|Unknown field)/;

const genericPath = (path: string) => path.replace(/\.\d+(?=\.|$)/g, '.*');

/** The sentence to show for an issue: ours when zod's wording would leak through, else its own. */
export const plainMessage = (issue: Issue): string => {
  if (!ZOD_WORDING.test(issue.message)) return issue.message;
  const path = genericPath(issue.path);
  for (let p = path; p !== ''; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') {
    const sentence = SENTENCES[p];
    if (sentence) return sentence;
  }
  return 'Check this answer';
};
