import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** Static files the pages use, by public name. The Lambda bundle carries copies in `assets/` beside it. */
export const ASSETS = {
  'nhsuk.css': {
    module: 'nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.css',
    contentType: 'text/css; charset=utf-8',
  },
  'favicon.svg': {
    module: 'nhsuk-frontend/dist/nhsuk/assets/images/favicon.svg',
    contentType: 'image/svg+xml',
  },
} as const;

/**
 * The NHS.UK stylesheet loads its licensed Frutiger fonts from the NHS assets host, which our CSP
 * (`font-src 'self'`) forbids: drop those rules so pages fall back to Arial without console errors.
 */
const withoutRemoteFonts = (css: string) => css.replace(/@font-face\{[^}]*https:[^}]*\}/g, '');
export type AssetName = keyof typeof ASSETS;

const cache = new Map<AssetName, Buffer>();

/** Reads an asset from the bundle's `assets/` folder, or from node_modules when running from source. */
export const readAsset = (name: AssetName): Buffer => {
  const cached = cache.get(name);
  if (cached) return cached;
  const bundled = fileURLToPath(new URL(`./assets/${name}`, import.meta.url));
  const path = existsSync(bundled) ? bundled : createRequire(import.meta.url).resolve(ASSETS[name].module);
  const raw = readFileSync(path);
  const content = name === 'nhsuk.css' ? Buffer.from(withoutRemoteFonts(raw.toString('utf8'))) : raw;
  cache.set(name, content);
  return content;
};

export const isAssetName = (name: string): name is AssetName => Object.hasOwn(ASSETS, name);
