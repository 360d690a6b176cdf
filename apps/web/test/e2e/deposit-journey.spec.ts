import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { connect, type NatsConnection } from 'nats';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

import { WALLET_SUBJECTS } from '@exchange/shared-contracts';
import { ExchangeHarness, WORKSPACE_ROOT } from '@exchange/shared-util-testing';

const SCREENSHOTS = join(__dirname, '../../test-output/e2e');
const WAIT_MS = 30_000;

/**
 * A chain deposit in Debian's Chromium against the whole exchange, the wallet watching its simulated chain: the
 * trader reads the BTC deposit address on the wallet page, an outside transfer pays it, the deposit history shows
 * it pending with its confirmations counting up, then credited, and the BTC balance rises. Blocks come only when
 * the journey mines them, so each step is seen. Any console error fails the journey.
 */
describe('chain deposit journey in a real browser', () => {
  const exchange = new ExchangeHarness({
    tag: 'webdep',
    markets: 'BTC-USDT',
    env: {
      gateway: { RATE_LIMIT_WEIGHT_PER_MINUTE: '60000' },
      wallet: {
        WALLET_CHAIN_WATCHER: 'simulated',
        WALLET_SIM_BLOCK_MS: '0',
        WALLET_CHAIN_POLL_MS: '200',
        WALLET_DEPOSIT_CONFIRMATIONS: '3',
      },
    },
  });
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let nc: NatsConnection;
  const consoleErrors: string[] = [];

  /** A request to the wallet as Nest's NATS transport frames it: the chain's outside world, not the trader. */
  async function wallet<T>(subject: string, data: unknown): Promise<T> {
    const name = exchange.names.subject(subject);
    const reply = await nc.request(name, JSON.stringify({ pattern: name, data, id: 'e2e' }), {
      timeout: 30_000,
    });
    const body = reply.json<{ response?: T; err?: unknown }>();
    if (body.err) throw new Error(`${subject}: ${JSON.stringify(body.err)}`);
    return body.response as T;
  }

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    execFileSync('npx', ['vite', 'build', '--config', 'apps/web/vite.config.mts', '--logLevel', 'error'], {
      cwd: WORKSPACE_ROOT,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' },
    });
    await exchange.start();
    nc = await connect({ servers: exchange.servers.nats });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox'],
    });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(WAIT_MS);
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${message.text()} (${message.location().url})`);
    });
    page.on('pageerror', (error) => consoleErrors.push(`page error: ${error.message}`));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await nc?.drain();
    await exchange.stop();
  }, 90_000);

  afterEach(() => {
    expect(consoleErrors.splice(0)).toEqual([]);
  });

  it('shows the deposit address, the transfer pending with its confirmations, then credited', async () => {
    await page.goto(`${exchange.base}/#/signup`);
    await page.getByLabel('Email').fill(`deposit-${exchange.run}@example.com`);
    await page.getByLabel('Password').fill(`D3posit-${exchange.run}`);
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByRole('heading', { name: 'Wallet' }).waitFor();

    await page.getByRole('button', { name: 'Show deposit address' }).click();
    await page.getByLabel('Deposit asset').selectOption('BTC');
    const field = page.getByRole('textbox', { name: 'Deposit address' });
    await page.waitForFunction(
      (el) => /^sim1q[0-9a-f]{38}$/.test((el as HTMLInputElement | null)?.value ?? ''),
      await field.elementHandle(),
    );
    const address = await field.inputValue();
    await page.getByRole('button', { name: 'Copy deposit address' }).waitFor();

    // Somebody outside pays the address the page shows.
    await wallet(WALLET_SUBJECTS.cmd.simTransfer, { asset: 'BTC', address, amount: '0.5' });
    const history = page.getByRole('table', { name: 'Deposit history' });
    await history.getByRole('cell', { name: 'Pending (0/3 confirmations)' }).waitFor();
    await wallet(WALLET_SUBJECTS.cmd.simMine, { blocks: 1 });
    await history.getByRole('cell', { name: 'Pending (1/3 confirmations)' }).waitFor();
    const balances = page.getByRole('table', { name: 'Balances' });
    expect(await balances.locator('tr[data-asset="BTC"]').count()).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'deposit-pending.png'), fullPage: true });

    await wallet(WALLET_SUBJECTS.cmd.simMine, { blocks: 2 });
    await history.getByRole('cell', { name: 'Credited', exact: true }).waitFor();
    const btc = balances.locator('tr[data-asset="BTC"]');
    await btc.getByRole('cell', { name: '0.50000000' }).first().waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'deposit-credited.png'), fullPage: true });
  }, 120_000);
});
