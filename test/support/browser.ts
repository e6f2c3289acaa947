import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium (`.ci/run` installs it when missing). */
const CHROMIUM = '/usr/bin/chromium';

/** Headless Chromium as every browser test launches it (flags measured on these machines, see STACK.md). */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
  });
