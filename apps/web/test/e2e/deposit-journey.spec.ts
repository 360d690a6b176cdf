import { type Page } from 'playwright-core';

import { WALLET_SUBJECTS } from '@exchange/shared-contracts';

import { ExchangeHarness } from './exchange-harness';
import { expectNoConsoleErrors, JourneyBrowser, shot } from './journey-browser';

/**
 * A chain deposit in Debian's Chromium against the whole exchange, the wallet watching its simulated chain: the
 * trader reads the BTC deposit address on the wallet page, an outside transfer pays it, the deposit history shows
 * it pending with its confirmations counting up, then credited, and the BTC balance rises. Blocks come only when
 * the journey mines them, so each step is seen. Any console error fails the journey.
 */
describe('chain deposit journey in a real browser', () => {
  const exchange = new ExchangeHarness();
  const browser = new JourneyBrowser();
  let page: Page;

  /** A request to the wallet as Nest's NATS transport frames it: the chain's outside world, not the trader. */
  async function wallet<T>(subject: string, data: unknown): Promise<T> {
    const name = exchange.names.subject(subject);
    const reply = await exchange.nc.request(name, JSON.stringify({ pattern: name, data, id: 'e2e' }), {
      timeout: 30_000,
    });
    const body = reply.json<{ response?: T; err?: unknown }>();
    if (body.err) throw new Error(`${subject}: ${JSON.stringify(body.err)}`);
    return body.response as T;
  }

  beforeAll(async () => {
    await exchange.start({
      wallet: {
        WALLET_CHAIN_WATCHER: 'simulated',
        WALLET_SIM_BLOCK_MS: '0',
        WALLET_CHAIN_POLL_MS: '200',
        WALLET_DEPOSIT_CONFIRMATIONS: '3',
      },
    });
    await browser.launch();
    ({ page } = await browser.openPage());
  }, 240_000);

  afterAll(async () => {
    await browser.close();
    await exchange.stop();
  }, 90_000);

  afterEach(() => expectNoConsoleErrors(browser, exchange));

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
    await shot(page, 'deposit-pending');

    await wallet(WALLET_SUBJECTS.cmd.simMine, { blocks: 2 });
    await history.getByRole('cell', { name: 'Credited', exact: true }).waitFor();
    const btc = balances.locator('tr[data-asset="BTC"]');
    await btc.getByRole('cell', { name: '0.50000000' }).first().waitFor();
    await shot(page, 'deposit-credited');
  }, 120_000);
});
