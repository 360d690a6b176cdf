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

/** Signs a new trader up through the page; ends on the wallet page. */
export async function signUp(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/#/signup`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByRole('heading', { name: 'Wallet' }).waitFor();
}

/** Claims demo funds on the wallet page and waits for the confirmation. */
export async function claimDemoFunds(page: Page, asset: string, amount: string): Promise<void> {
  await page.getByRole('combobox', { name: 'Asset' }).first().selectOption(asset);
  await page.getByRole('textbox', { name: 'Amount' }).first().fill(amount);
  await page.getByRole('button', { name: 'Claim demo funds' }).click();
  await page.getByText(`${amount} ${asset} added to your balance.`).waitFor();
}

/** Opens a market's trading page and waits until its streams are live. */
export async function openMarket(page: Page, baseUrl: string, symbol: string): Promise<void> {
  await page.goto(`${baseUrl}/#/market/${symbol}`);
  await page.getByText('Live', { exact: true }).waitFor();
}

/** What the order form is filled with; a field left out is left as the form has it. */
export interface OrderFields {
  /** The order type's value in the form's select (`LIMIT`, `LIMIT_MAKER`, `IOC`, `MARKET`, ...). */
  type?: string;
  price?: string;
  /** The base amount. */
  amount?: string;
  /** The quote total (a market order by quote amount). */
  total?: string;
}

/** Fills the BTC order form and confirms; gives the status line (the outcome or the API's refusal). */
export async function submitOrder(page: Page, side: 'Buy' | 'Sell', fields: OrderFields) {
  const form = page.getByRole('region', { name: 'Place order' });
  await form.getByRole('radio', { name: side }).click();
  if (fields.type !== undefined) await form.getByLabel('Order type').selectOption(fields.type);
  if (fields.type === 'MARKET')
    await form.getByLabel('Amount in').selectOption(fields.total ? 'quote' : 'base');
  if (fields.price !== undefined) await form.getByLabel(/^Price/).fill(fields.price);
  if (fields.amount !== undefined) await form.getByLabel(/^Amount \(/).fill(fields.amount);
  if (fields.total !== undefined) await form.getByLabel(/^Total \(/).fill(fields.total);
  await form.getByRole('button', { name: `${side} BTC` }).click();
  await form.getByRole('button', { name: `Confirm ${side.toLowerCase()}` }).click();
  return form.getByRole('status');
}

/** Polls `read` until it gives `expected` (React applies some updates after the event that caused them). */
export async function eventually<T>(read: () => Promise<T>, expected: T): Promise<void> {
  let value = await read();
  for (let attempt = 0; attempt < 300 && JSON.stringify(value) !== JSON.stringify(expected); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  expect(value).toEqual(expected);
}
