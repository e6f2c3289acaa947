import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { setUpOpenSurvey, useTestStack, validAnswers } from '../support/stack.js';

const ctx = useTestStack();

/** What someone who obtained a table dump would see. */
const dumpTable = async (): Promise<Record<string, unknown>[]> => {
  const { region, credentials, dynamoDbEndpoint: endpoint } = ctx.stack.aws;
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint, region, credentials }));
  const items: Record<string, unknown>[] = [];
  for await (const page of paginateScan({ client }, { TableName: ctx.stack.tableName }))
    items.push(...(page.Items ?? []));
  client.destroy();
  return items;
};

const responseItems = (dump: Record<string, unknown>[], c: string) =>
  dump.filter((i) => String(i.pk).startsWith(`R#${c}#`));
const commentItems = (dump: Record<string, unknown>[], c: string) =>
  dump.filter((i) => String(i.pk).startsWith(`M#${c}#`));

describe('what a table dump reveals', () => {
  it('contains no working token and no edit key', async () => {
    const { tokens } = await setUpOpenSurvey(ctx.api, 3);
    const editKeys: string[] = [];
    for (const { token } of tokens)
      editKeys.push((await ctx.api.put(`/api/s/${token}/response`, validAnswers)).json.editKey);

    const dump = JSON.stringify(await dumpTable());

    for (const { token } of tokens) expect(dump).not.toContain(token);
    for (const key of editKeys) expect(dump).not.toContain(key);
  });

  it('stores responses with no token, link, name or time of day, and comments with only wave, question and characteristic', async () => {
    const { c, tokens } = await setUpOpenSurvey(ctx.api, 1);
    await ctx.api.put(`/api/s/${tokens[0]!.token}/response`, validAnswers);

    const dump = await dumpTable();
    const [response] = responseItems(dump, c);
    const [comment] = commentItems(dump, c);

    expect(Object.keys(response!).sort()).toEqual(['a', 'd', 'ek', 'n', 'p', 'pk', 'sec', 'sk']);
    expect(response!.d).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(JSON.stringify(response)).not.toContain(tokens[0]!.id);
    expect(Object.keys(comment!).sort()).toEqual(['c', 'pk', 'sk']);
    expect(comment!.c).toEqual([{ q: 'sp-comment', ch: 'shared-purpose', t: 'More joint time' }]);
  });

  it("keys a link's responses in two waves with nothing in common, and its comment apart from its response", async () => {
    const { c, base, tokens } = await setUpOpenSurvey(ctx.api, 1);
    const token = tokens[0]!.token;
    await ctx.api.put(`/api/s/${token}/response`, validAnswers);
    await ctx.api.post(`${base}/waves/w1/close`, {}, { admin: true });
    await ctx.api.post(`${base}/waves`, { id: 'w2' }, { admin: true });
    await ctx.api.put(`/api/s/${token}/response`, validAnswers);

    const dump = await dumpTable();
    const responses = responseItems(dump, c);
    const comments = commentItems(dump, c);

    expect(responses).toHaveLength(2);
    const [first, second] = responses as { sk: string; ek: string }[];
    expect(first!.sk).not.toBe(second!.sk);
    expect(first!.ek).not.toBe(second!.ek);
    expect(sharedSubstrings(first!.sk, second!.sk)).toBe(false);
    const commentKeys = comments.map((m) => m.sk as string);
    for (const r of responses) expect(commentKeys).not.toContain(r.sk);
  });

  it('does not show stored answers to someone holding only the link', async () => {
    const { tokens } = await setUpOpenSurvey(ctx.api, 1);
    const token = tokens[0]!.token;
    await ctx.api.put(`/api/s/${token}/response`, validAnswers);

    const json = await ctx.api.get(`/api/s/${token}`);
    const page = await ctx.api.get(`/s/${token}`);

    expect(json.json.answers).toBeUndefined();
    expect(page.text).not.toContain('checked');
    expect(page.text).not.toContain('More joint time');
  });
});

/** Whether two opaque keys share any run of 8 characters (a shared prefix would link them). */
const sharedSubstrings = (a: string, b: string) => {
  for (let i = 0; i + 8 <= a.length; i++) if (b.includes(a.slice(i, i + 8))) return true;
  return false;
};
