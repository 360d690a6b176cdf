import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

// tools/dev is a tool, not a lib with an @exchange alias; its apt helper installs what the tests run (as it does
// the servers and the chart tests' promtool), so a fresh machine gets Debian's Chromium instead of failing.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { type AptProgram, ensureAptProgram } from '../../../../tools/dev/src';

/** Debian's Chromium (never a downloaded browser). */
const CHROMIUM: AptProgram = {
  binary: 'chromium',
  versionArgs: ['--version'],
  aptPackage: 'chromium',
  otherwise: "set up another Debian-based machine; the journeys drive Debian's Chromium only.",
};

/** Where every journey saves its screenshots. */
export const SCREENSHOTS = join(__dirname, '../../test-output/e2e');
/** How long a step waits for the page before it fails. */
export const WAIT_MS = 30_000;

/** A console error the journey causes on purpose (e.g. a refusal Chromium logs as a failed request): `true` claims it. */
export type ExpectedConsoleError = (text: string, url: string) => boolean;

/**
 * Debian's Chromium (headless, never a downloaded browser) for one journey file: desktop-sized pages that record
 * every console error and uncaught page error, except those `expected` claims, so that a journey can fail on any.
 */
export class JourneyBrowser {
  private browser?: Browser;
  private readonly errors: string[] = [];

  constructor(private readonly expected: ExpectedConsoleError = () => false) {}

  async launch(): Promise<void> {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const executablePath = await ensureAptProgram(CHROMIUM, (line) =>
      process.stderr.write(`chromium: ${line}\n`),
    );
    this.browser = await chromium.launch({
      executablePath,
      headless: true,
      args: ['--no-sandbox'],
    });
  }

  async openPage(): Promise<{ context: BrowserContext; page: Page }> {
    if (!this.browser) throw new Error('launch() the browser first');
    const context = await this.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT_MS);
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const url = message.location().url;
      if (!this.expected(message.text(), url)) this.errors.push(`${message.text()} (${url})`);
    });
    page.on('pageerror', (error) => this.errors.push(`page error: ${error.message}`));
    return { context, page };
  }

  /** The errors recorded since the last call. */
  takeErrors(): string[] {
    return this.errors.splice(0);
  }

  async close(): Promise<void> {
    await this.browser?.close();
  }
}

/** A full-page screenshot under `SCREENSHOTS`. */
export function shot(page: Page, name: string): Promise<Buffer> {
  return page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** A journey's check after each step: no console error, and when there was one, the services' error logs beside it. */
export function expectNoConsoleErrors(
  browser: JourneyBrowser,
  exchange: { takeServiceErrors(): string[] },
): void {
  const errors = browser.takeErrors();
  const serviceErrors = exchange.takeServiceErrors();
  expect({ errors, serviceErrors: errors.length > 0 ? serviceErrors : [] }).toEqual({
    errors: [],
    serviceErrors: [],
  });
}
