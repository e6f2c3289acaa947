import { expect } from 'vitest';
import { TEST_ADMIN_TOKEN } from './stack.js';

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

/** A browser-like client of the console at `baseUrl`: keeps cookies, sends forms with the console's own Origin unless told otherwise. */
export const browserLike = (baseUrl: string) => {
  const jar = new Map<string, string>();
  const remember = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const [name = '', value = ''] = pair.split('=');
      if (/Max-Age=0/.test(line)) jar.delete(name);
      else jar.set(name, value);
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  return {
    jar,
    get: async (path: string) => {
      const res = await fetch(`${baseUrl}${path}`, { headers: { cookie: cookie() }, redirect: 'manual' });
      remember(res);
      return { status: res.status, location: res.headers.get('location'), text: await res.text() };
    },
    post: async (path: string, fields: Record<string, string>, origin: string | null = baseUrl) => {
      const res = await fetch(`${baseUrl}${path}`, {
        method: 'POST',
        headers: {
          cookie: cookie(),
          'content-type': 'application/x-www-form-urlencoded',
          ...(origin ? { origin } : {}),
        },
        body: form(fields),
        redirect: 'manual',
      });
      remember(res);
      return { status: res.status, location: res.headers.get('location'), text: await res.text() };
    },
  };
};

/** The CSRF token of the first form on a page. */
export const csrfIn = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

/** A client signed in to the local console with the admin token. */
export const signedInClient = async (baseUrl: string) => {
  const client = browserLike(baseUrl);
  const page = await client.get('/console/sign-in');
  const res = await client.post('/console/sign-in', { csrf: csrfIn(page.text), token: TEST_ADMIN_TOKEN });
  expect(res).toMatchObject({ status: 303, location: '/console/collaborations' });
  return client;
};
