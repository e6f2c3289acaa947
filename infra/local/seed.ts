import type { AdminDeps } from '../../lib/app/deps.js';
import { putCollaboration, putSurvey } from '../../lib/app/manage-collaborations.js';
import { createLinks, type IssuedLink } from '../../lib/app/manage-links.js';
import { responseKeys } from '../../lib/app/respond.js';
import { hashSecret } from '../../lib/crypto.js';
import type { Actor } from '../../lib/domain/audit.js';
import { DEFAULT_FRAMEWORK } from '../../lib/domain/collaboration.js';
import type { Answers } from '../../lib/domain/response.js';
import { addLocalDays, cadenceWindow, localDay } from '../../lib/domain/time.js';
import { seededRandom } from '../../lib/seeded-random.js';
import type { StoredWave } from '../../lib/stores/ports.js';
import { RESPONSE_SHARDS, waveRef } from '../../lib/stores/ports.js';

export const DEMO = { collaborationId: 'se-essex', surveyId: 'pulse', timeZone: 'Europe/London' } as const;

const NEIGHBOURHOODS = [
  ['southend-west', 'Southend West'],
  ['southend-east', 'Southend East'],
  ['southend-central', 'Southend Central'],
  ['leigh', 'Leigh-on-Sea'],
  ['canvey', 'Canvey Island'],
  ['benfleet', 'Benfleet and Thundersley'],
  ['rochford', 'Rochford District'],
  ['rayleigh', 'Rayleigh and Wickford'],
] as const;

const SMALL_NEIGHBOURHOOD = ['wakering', 'Great Wakering and Foulness'] as const;

const PARTNERS = [
  ['southend-city-council', 'Southend-on-Sea City Council', 'local-authority'],
  ['castle-point-bc', 'Castle Point Borough Council', 'local-authority'],
  ['rochford-dc', 'Rochford District Council', 'local-authority'],
  ['essex-cc', 'Essex County Council', 'local-authority'],
  ['southend-west-pcn', 'Southend West PCN', 'primary-care'],
  ['southend-east-pcn', 'Southend East PCN', 'primary-care'],
  ['central-pcn', 'Southend Central PCN', 'primary-care'],
  ['leigh-pcn', 'Leigh PCN', 'primary-care'],
  ['canvey-pcn', 'Canvey Island PCN', 'primary-care'],
  ['benfleet-pcn', 'Benfleet PCN', 'primary-care'],
  ['rochford-pcn', 'Rochford PCN', 'primary-care'],
  ['rayleigh-pcn', 'Rayleigh PCN', 'primary-care'],
  ['msefh', 'Mid and South Essex NHS Foundation Trust', 'nhs-trust'],
  ['eput', 'Essex Partnership University NHS Foundation Trust', 'nhs-trust'],
  ['provide', 'Provide Community Interest Company', 'nhs-trust'],
  ['savs', 'Southend Association of Voluntary Services', 'vcse'],
  ['cavs', 'Castle Point Association of Voluntary Services', 'vcse'],
  ['rochford-cvs', 'Rochford Community and Voluntary Services', 'vcse'],
  ['healthwatch', 'Healthwatch Southend', 'vcse'],
  ['fire-rescue', 'Essex County Fire and Rescue Service', 'other'],
] as const;

const QUESTIONS: [string, string, string][] = [
  ['sp1', 'shared-purpose', 'We agree on what the alliance is for'],
  ['sp2', 'shared-purpose', 'Our joint priorities are clear to me'],
  ['tr1', 'trusting-relationships', 'I trust colleagues in partner organisations'],
  ['tr2', 'trusting-relationships', 'Partners can disagree openly and still work together'],
  ['le1', 'leadership', 'Leaders in the alliance champion joint working'],
  ['le2', 'leadership', 'I feel able to lead change across organisational boundaries'],
  ['go1', 'governance', 'Decisions are made jointly and transparently'],
  ['go2', 'governance', 'It is clear who decides what in the alliance'],
  ['re1', 'resources', 'Partners commit the resources our priorities need'],
  ['re2', 'resources', 'I have time to take part in joint work'],
  ['co1', 'communication', 'I hear about alliance work that affects my role'],
  ['co2', 'communication', 'Information is shared openly between partners'],
  ['ml1', 'learning', 'We use data together to understand our neighbourhoods'],
  ['ml2', 'learning', 'We learn from what works and what does not'],
  ['pc1', 'communities', 'Local people shape what the alliance does'],
  ['pc2', 'communities', 'We involve communities early, not after decisions are made'],
];

export interface DemoLink {
  url: string;
  partner: string;
  neighbourhood: string;
}

/**
 * Seeds the demo alliance: 9 neighbourhoods (one too small to report on), 20 partners in five sectors, the default framework, a
 * quarterly survey, four closed waves and one open wave with synthetic responses whose levels differ
 * by neighbourhood and sector and drift over time, so trends and suppression both show.
 */
/** The demo's settings and links are recorded in the audit trail like any admin action, as the seed's. */
const SEED_ACTOR: Actor = { username: 'demo seed', sub: null, requestId: 'seed' };

export const seedDemo = async (
  deps: AdminDeps,
  origin: string,
  log: (line: string) => void,
): Promise<DemoLink[]> => {
  const { collaborationId: c, surveyId: s, timeZone } = DEMO;
  const random = seededRandom(20261127);
  await putCollaboration(deps, SEED_ACTOR, c, {
    name: 'South East Essex Alliance',
    neighbourhoods: [...NEIGHBOURHOODS, SMALL_NEIGHBOURHOOD].map(([id, name]) => ({ id, name })),
    partners: PARTNERS.map(([id, name, sector]) => ({ id, name, sector })),
    timeZone,
    framework: DEFAULT_FRAMEWORK,
  });
  const now = deps.now();
  const openedAt = addLocalDays(now, -3, timeZone);
  const first = addLocalDays(openedAt, -4 * 91, timeZone);
  const firstLocal = `${localDay(first, timeZone)}T09:00:00`;
  const cadence = { intervalDays: 91, waveLengthDays: 14, firstWaveOpensAt: firstLocal };
  await putSurvey(deps, SEED_ACTOR, c, s, {
    title: 'Alliance pulse',
    questions: [
      ...QUESTIONS.map(([id, characteristic, text]) => ({
        id,
        characteristic,
        text,
        type: 'likert5' as const,
      })),
      {
        id: 'sp-comment',
        characteristic: 'shared-purpose',
        text: 'What would strengthen our shared purpose?',
        type: 'comment' as const,
      },
      {
        id: 'pc-comment',
        characteristic: 'communities',
        text: 'How could we involve communities better?',
        type: 'comment' as const,
      },
    ],
    cadence,
  });

  log('  issuing links …');
  // Issued a week before the first wave opened, as an alliance would: a link counts as invited to the
  // waves it was live for, so links issued today would leave every past wave with 0 invited.
  const issuing = { ...deps, now: () => addLocalDays(first, -7, timeZone) };
  const links: { link: IssuedLink; partner: string; neighbourhood: string; sector: string }[] = [];
  for (const [pi, [partnerId, , sector]] of PARTNERS.entries()) {
    // Councils and trusts work across every neighbourhood; PCNs and VCSE partners mostly in their own.
    const areas = NEIGHBOURHOODS.filter((_, ni) =>
      sector === 'primary-care' ? ni === (pi - 4) % NEIGHBOURHOODS.length : random() < 0.6,
    );
    for (const [neighbourhoodId] of areas) {
      const count = sector === 'primary-care' ? 14 : 2 + Math.floor(random() * 4);
      const issued = await createLinks(issuing, SEED_ACTOR, c, s, { partnerId, neighbourhoodId, count });
      for (const link of issued)
        links.push({ link, partner: partnerId, neighbourhood: neighbourhoodId, sector });
    }
  }
  // A neighbourhood too small to report on its own, so the demo shows suppression at work.
  for (const link of await createLinks(issuing, SEED_ACTOR, c, s, {
    partnerId: 'rochford-dc',
    neighbourhoodId: SMALL_NEIGHBOURHOOD[0],
    count: 4,
  })) {
    links.push({
      link,
      partner: 'rochford-dc',
      neighbourhood: SMALL_NEIGHBOURHOOD[0],
      sector: 'local-authority',
    });
  }

  const neighbourhoodLift = new Map<string, number>(
    NEIGHBOURHOODS.map(([id], i) => [id, (i % 4) * 0.15 - 0.2]),
  );
  const sectorLift: Record<string, number> = {
    'local-authority': 0,
    'primary-care': -0.25,
    'nhs-trust': -0.1,
    vcse: 0.2,
    other: 0,
  };
  const characteristicBase = new Map(
    DEFAULT_FRAMEWORK.characteristics.map((ch, i) => [ch.id, 2.9 + (i % 5) * 0.25]),
  );

  for (let k = 0; k <= 4; k++) {
    const window = cadenceWindow(cadence, k, timeZone);
    const open = k === 4;
    const wave: StoredWave = {
      id: localDay(window.opensAt, timeZone).slice(0, 7),
      opensAt: window.opensAt.toISOString(),
      closesAt: window.closesAt.toISOString(),
      status: open ? 'open' : 'closed',
      shards: RESPONSE_SHARDS,
    };
    await deps.stores.waves.create(c, s, wave);
    const ref = waveRef(c, s, wave);
    const rate = open ? 0.35 : 0.55 + random() * 0.2;
    const entries: Parameters<typeof deps.stores.responses.putResponses>[1] = [];
    const comments: Promise<void>[] = [];
    for (const { link, partner, neighbourhood, sector } of links) {
      if (random() > rate) continue;
      const answers: Answers = {};
      for (const [id, characteristic] of QUESTIONS) {
        if (random() < 0.06) {
          answers[id] = null;
          continue;
        }
        const mean =
          (characteristicBase.get(characteristic) ?? 3) +
          (neighbourhoodLift.get(neighbourhood) ?? 0) +
          (sectorLift[sector] ?? 0) +
          k * 0.08;
        answers[id] = Math.min(5, Math.max(1, Math.round(mean + (random() - 0.5) * 2.6)));
      }
      const keys = responseKeys(deps.hmacSecret, link.token, wave.id);
      const day = localDay(new Date(window.opensAt.getTime() + random() * 10 * 86_400_000), timeZone);
      const record = {
        waveId: wave.id,
        partnerId: partner,
        neighbourhoodId: neighbourhood,
        sector: sector as never,
        day,
        answers,
      };
      entries.push({
        responseKey: keys.response,
        response: record,
        editKeyHash: hashSecret(`seed-${random()}`),
      });
      if (random() < 0.12) {
        const [questionId, characteristic] =
          random() < 0.5 ? ['sp-comment', 'shared-purpose'] : ['pc-comment', 'communities'];
        comments.push(
          deps.stores.responses.putComments(ref, keys.comment, [
            {
              waveId: wave.id,
              questionId,
              characteristic,
              text: pick(DEMO_COMMENTS, random),
            },
          ]),
        );
      }
    }
    await Promise.all([deps.stores.responses.putResponses(ref, entries), ...comments]);
    log(`  wave ${wave.id} (${wave.status}): ${entries.length} responses from ${links.length} links`);
  }
  return links.map(({ link, partner, neighbourhood }) => ({
    url: `${origin}/s/${link.token}`,
    partner,
    neighbourhood,
  }));
};

const pick = <T>(items: readonly T[], random: () => number): T =>
  items[Math.floor(random() * items.length)] as T;

const DEMO_COMMENTS = [
  'A single shared plan on a page would help everyone see where we are heading.',
  'More joint time between GP practices and council teams, please.',
  'The neighbourhood meetings have made a real difference this year.',
  'Priorities still feel set by the big organisations.',
  'Community groups should be in the room from the start.',
  'We need feedback on what happened to the ideas we put forward.',
  'Good progress on hospital discharge, less on prevention.',
  'Please keep the meetings short and focused on decisions.',
];
