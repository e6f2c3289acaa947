import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** Static files the pages use, by public name. The Lambda bundle carries copies in `assets/` beside it. */
export const ASSETS = {
  'nhsuk.css': {
    module: 'nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.css',
    contentType: 'text/css; charset=utf-8',
  },
} as const;
export type AssetName = keyof typeof ASSETS;

const cache = new Map<AssetName, Buffer>();

/** Reads an asset from the bundle's `assets/` folder, or from node_modules when running from source. */
export const readAsset = (name: AssetName): Buffer => {
  const cached = cache.get(name);
  if (cached) return cached;
  const bundled = fileURLToPath(new URL(`./assets/${name}`, import.meta.url));
  const path = existsSync(bundled) ? bundled : createRequire(import.meta.url).resolve(ASSETS[name].module);
  const content = readFileSync(path);
  cache.set(name, content);
  return content;
};

export const isAssetName = (name: string): name is AssetName => Object.hasOwn(ASSETS, name);
