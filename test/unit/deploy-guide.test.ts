import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** The deploy guide a non-developer follows: its JSON and the shell helpers that build it must work. */
const guide = readFileSync(new URL('../../docs/deploy.md', import.meta.url), 'utf8');
const blocks = (lang: string) =>
  [...guide.matchAll(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``, 'g'))].map((m) => m[1] as string);
const helpers = blocks('sh').find((b) => b.includes('json() {') && b.includes('field() {')) ?? '';
/** Runs the guide's helpers and then `script` in bash, with `args` as $1, $2, … */
const bash = (script: string, { input, args = [] }: { input?: string; args?: string[] } = {}) =>
  execFileSync('bash', ['-c', `${helpers}\n${script}`, 'bash', ...args], { encoding: 'utf8', input }).trim();

describe('docs/deploy.md', () => {
  it('has JSON documents that parse', () => {
    const documents = blocks('json');
    expect(documents.length).toBeGreaterThanOrEqual(2);
    for (const document of documents) expect(() => JSON.parse(document), document).not.toThrow();
  });

  it('builds auth parameters as JSON that keeps a password with commas, equals signs, quotes and backslashes', () => {
    const password = 'Ab1,xy=z!9"\\ $x';
    const out = bash('json USERNAME "$1" PASSWORD "$2"', { args: ['jo@example.nhs.uk', password] });
    expect(JSON.parse(out)).toEqual({ USERNAME: 'jo@example.nhs.uk', PASSWORD: password });
  });

  it('reads the session and USER_ID_FOR_SRP out of a Cognito reply', () => {
    const reply = JSON.stringify({
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: 'AYAB-session',
      ChallengeParameters: { USER_ID_FOR_SRP: 'a1b2-c3d4' },
    });
    expect(bash('field Session', { input: reply })).toBe('AYAB-session');
    expect(bash('field ChallengeParameters.USER_ID_FOR_SRP', { input: reply })).toBe('a1b2-c3d4');
    expect(bash('field AuthenticationResult.AccessToken', { input: reply })).toBe('');
  });

  it('never uses the CLI shorthand for passwords, and answers challenges with USER_ID_FOR_SRP', () => {
    const commands = blocks('sh').join('\n');
    expect([...commands.matchAll(/--(auth-parameters|challenge-responses) /g)].length).toBeGreaterThanOrEqual(
      5,
    );
    for (const option of commands.matchAll(/--(auth-parameters|challenge-responses) (\S+)/g)) {
      expect(option[2], option[0]).toBe('"$(json');
    }
    expect(commands).not.toMatch(/--challenge-responses "\$\(json USERNAME "\$EMAIL"/);
  });

  it('sets the region for aws-cli v1 (AWS_DEFAULT_REGION) as well as v2', () => {
    for (const line of guide.split('\n').filter((l) => l.startsWith('export AWS_REGION'))) {
      expect(line).toMatch(/AWS_DEFAULT_REGION=/);
    }
  });
});
