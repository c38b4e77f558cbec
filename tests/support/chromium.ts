import { existsSync } from 'node:fs';

/**
 * Where the tests find Chromium: `CHROME_PATH` first (trainers on other systems),
 * then Debian's `/usr/bin/chromium`. Browser tests never skip: without a browser
 * they fail with this message, in CI and elsewhere.
 */
export function chromiumPath(): string {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  for (const c of candidates) if (c && existsSync(c)) return c;
  throw new Error(
    'Chromium not found. Browser tests need it and never skip.\n' +
      "Install Debian's package (`apt-get install -y chromium`) or set CHROME_PATH to a Chrome/Chromium binary.",
  );
}

/** Flags verified with Debian's chromium as root: no sandbox as root, no background networking. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Launch options for vitest's browser project. Loading the config must not throw
 * (unit tests need no browser), so a missing browser resolves to the default path
 * and the browser project then fails loudly when Playwright cannot start it.
 */
export function chromiumLaunchOptions() {
  let executablePath = '/usr/bin/chromium';
  try {
    executablePath = chromiumPath();
  } catch {
    // reported by Playwright as a missing executable when the browser project runs
  }
  return { executablePath, args: chromiumArgs };
}
