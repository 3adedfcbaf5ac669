import { existsSync } from 'node:fs';
import { Browser, Locator, chromium } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/**
 * Debian's chromium driven by playwright-core (which downloads no browser): CHROMIUM_PATH, or
 * the first of the usual paths. `.ci/run` installs the `chromium` package.
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath =
    process.env['CHROMIUM_PATH'] ?? CANDIDATES.find((candidate) => existsSync(candidate));
  if (!executablePath) {
    throw new Error(
      `no chromium found (tried ${CANDIDATES.join(', ')}): install the chromium package or set CHROMIUM_PATH`,
    );
  }
  return chromium.launch({
    executablePath,
    // As root (CI), chromium's sandbox cannot start; the pages are our own.
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  });
}

/**
 * Waits until the element's text contains `expected` (or equals it, with `exact`); fails with
 * the text it last saw. playwright-core has no `expect`: that comes with @playwright/test.
 */
export async function waitForText(
  locator: Locator,
  expected: string,
  { exact = false, timeoutMs = 15_000 } = {},
): Promise<void> {
  let seen = '';
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    seen =
      (await locator
        .first()
        .textContent({ timeout: timeoutMs })
        .catch(() => null)) ?? '';
    if (exact ? seen.trim() === expected : seen.includes(expected)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `expected ${exact ? '' : 'to contain '}"${expected}", saw "${seen.trim().slice(0, 500)}"`,
  );
}
