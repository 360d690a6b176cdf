import { authenticator } from 'otplib';
import { type BrowserContext, type Page } from 'playwright-core';

import { ExchangeHarness } from './exchange-harness';
import {
  claimDemoFunds,
  eventually,
  expectNoConsoleErrors,
  JourneyBrowser,
  shot,
  signUp,
  submitOrder,
} from './journey-browser';

/**
 * A trader's journeys in Debian's Chromium against the whole exchange: sign-up, MFA, demo funds, a resting
 * order in open orders and the book, a second trader's crossing order and the fill, the tape, the candle and
 * both balances, a cancel, a withdrawal and a login with MFA. Any console error fails the journey.
 */
describe('trader journeys in a real browser', () => {
  const exchange = new ExchangeHarness();
  /** Requests that fail on purpose, and that Chromium reports as console errors: checked, not ignored. */
  const expectedFailures: { urlEnd: string; status: number; seen: number }[] = [];
  const browser = new JourneyBrowser((text, url) => {
    const expected = expectedFailures.find(
      (f) => url.endsWith(f.urlEnd) && text.includes(`status of ${f.status}`),
    );
    if (expected) expected.seen += 1;
    return expected !== undefined;
  });
  const password = `Tr4der-${exchange.run}`;
  const alice = {
    email: `alice-${exchange.run}@example.com`,
    mfaSecret: '',
    lastCode: '',
    recoveryCodes: [],
  } as {
    email: string;
    mfaSecret: string;
    lastCode: string;
    recoveryCodes: string[];
    context?: BrowserContext;
    page?: Page;
  };
  const bob = { email: `bob-${exchange.run}@example.com` } as {
    email: string;
    context?: BrowserContext;
    page?: Page;
  };

  /** A TOTP code the users service has not seen yet: each code is accepted once, so wait for the next window. */
  async function freshCode(): Promise<string> {
    for (;;) {
      const code = authenticator.generate(alice.mfaSecret);
      if (code !== alice.lastCode) {
        alice.lastCode = code;
        return code;
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  /** Waits, without reloading, until each asset's total on the wallet page is the expected one (user-data stream). */
  async function settledBalances(page: Page, totals: Record<string, string>): Promise<void> {
    await balanceCell(page, Object.keys(totals)[0]!, 2).waitFor();
    await eventually(async () => {
      const seen: Record<string, string> = {};
      for (const asset of Object.keys(totals))
        seen[asset] = (await balanceCell(page, asset, 2).textContent()) ?? '';
      return JSON.stringify(seen);
    }, JSON.stringify(totals));
  }

  function balanceCell(page: Page, asset: string, column: number) {
    return page.getByRole('table', { name: 'Balances' }).locator(`tr[data-asset="${asset}"] td`).nth(column);
  }

  beforeAll(async () => {
    await exchange.start();
    await browser.launch();
    Object.assign(alice, await browser.openPage());
    Object.assign(bob, await browser.openPage());
  }, 240_000);

  afterAll(async () => {
    await browser.close();
    await exchange.stop();
  }, 90_000);

  afterEach(() => expectNoConsoleErrors(browser, exchange));

  it('signs up, claims demo funds and turns on MFA with a TOTP code', async () => {
    const page = alice.page!;
    await signUp(page, exchange.baseUrl, alice.email, password);
    await claimDemoFunds(page, 'USDT', '10000');
    await balanceCell(page, 'USDT', 0).getByText('10,000.000000').waitFor();
    await shot(page, '01-alice-funded');

    await page.getByRole('link', { name: 'Account' }).click();
    await page.getByRole('button', { name: 'Set up authenticator app' }).click();
    await page.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
    alice.mfaSecret = (await page.getByTestId('mfa-secret').textContent())!.trim();
    const mfa = page.getByRole('region', { name: 'Two-factor authentication' });
    await mfa.getByRole('textbox', { name: 'Authenticator code' }).fill(await freshCode());
    await mfa.getByRole('button', { name: 'Turn on' }).click();
    await page.getByRole('region', { name: 'Recovery codes' }).waitFor();
    alice.recoveryCodes = await page
      .getByRole('region', { name: 'Recovery codes' })
      .locator('li')
      .allTextContents();
    expect(alice.recoveryCodes).toHaveLength(10);
    await mfa.getByText('Two-factor authentication is on.').waitFor();
    await shot(page, '02-alice-mfa-on');
  }, 120_000);

  it('places a resting limit buy and sees it in open orders and in the book', async () => {
    const page = alice.page!;
    await page.goto(`${exchange.baseUrl}/#/market/BTCUSDT`);
    await page.getByText('Live', { exact: true }).waitFor();
    await page.getByText('No trades in this interval yet.').waitFor();
    const status = await submitOrder(page, 'Buy', { price: '30000', amount: '0.001' });
    await status.getByText(/placed \(NEW\)/).waitFor();
    const open = page.getByRole('table', { name: 'Open orders' });
    await open.getByRole('cell', { name: '30,000.00' }).first().waitFor();
    await page.getByRole('button', { name: 'Bid 30,000.00: use this price' }).waitFor();
    await shot(page, '03-alice-resting-order');
  }, 120_000);

  it("fills it with a second trader's crossing sell: the fill, the tape, the candle and both balances", async () => {
    const page = bob.page!;
    await signUp(page, exchange.baseUrl, bob.email, password);
    await claimDemoFunds(page, 'BTC', '1');
    await page.goto(`${exchange.baseUrl}/#/market/BTCUSDT`);
    // Bob takes the price from the book.
    await page.getByRole('button', { name: 'Bid 30,000.00: use this price' }).click();
    const price = page.getByRole('region', { name: 'Place order' }).getByLabel(/^Price/);
    await eventually(() => price.inputValue(), '30000');
    const status = await submitOrder(page, 'Sell', { amount: '0.001' });
    await status.getByText(/filled \(FILLED\)/).waitFor();
    await page.getByRole('rowgroup', { name: 'Recent trades' }).getByText('30,000.00').first().waitFor();
    await shot(page, '04-bob-fill-and-tape');

    // The candle: the chart reads the same klines the gateway serves.
    const klines = (await (
      await fetch(`${exchange.baseUrl}/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=5`)
    ).json()) as string[][];
    expect(Number(klines.at(-1)![4])).toBe(30000);
    expect(Number(klines.at(-1)![5])).toBeGreaterThan(0);

    // Alice sees the fill live from her user-data stream: her open order goes away, and the fee reserve her buy held
    // (0.10 % of 30 USDT) is available again once it filled as the maker, without her doing anything.
    await alice.page!.getByRole('region', { name: 'Open orders' }).getByText('No open orders.').waitFor();
    await alice.page!.getByRole('region', { name: 'Place order' }).getByText('9,970.000000 USDT').waitFor();
    await alice
      .page!.getByRole('rowgroup', { name: 'Recent trades' })
      .getByText('30,000.00')
      .first()
      .waitFor();
    // Her chart got its first candle from the kline stream, without a reload.
    await alice.page!.getByText('No trades in this interval yet.').waitFor({ state: 'hidden' });
    await shot(alice.page!, '05-alice-after-fill');

    // The ledger settles a trade after the engine prints it; the wallet page shows it when it lands, live.
    await alice.page!.getByRole('link', { name: 'Wallet' }).click();
    // Alice bought 0.001 BTC as the maker (0.08 % fee, taken from the BTC she received); Bob sold as the taker (0.1 %).
    await settledBalances(alice.page!, { BTC: '0.00099920', USDT: '9,970.000000' });
    await page.getByRole('link', { name: 'Wallet' }).click();
    await settledBalances(page, { BTC: '0.99900000', USDT: '29.970000' });
    await shot(page, '06-bob-balances');
  }, 120_000);

  it('lists the market with its last price and 24h volume', async () => {
    const page = bob.page!;
    await page.goto(`${exchange.baseUrl}/#/`);
    const row = page.getByRole('row', { name: /BTC\/USDT/ });
    await row.getByRole('cell', { name: '30,000.00' }).waitFor();
    await row.getByRole('cell', { name: '0.001 BTC · 30 USDT' }).waitFor();
    await shot(page, '06b-markets');
  }, 120_000);

  it('fits every page on a phone screen and switches to the dark theme', async () => {
    const page = bob.page!;
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [route, heading] of [
      ['#/', 'Markets'],
      ['#/orders', 'Orders'],
      ['#/wallet', 'Wallet'],
      ['#/account', 'Account'],
      ['#/market/BTCUSDT', 'BTC/USDT'],
    ] as const) {
      await page.goto(`${exchange.baseUrl}/${route}`);
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      // The page at rest (its data loaded), not a frame in between.
      await page.waitForLoadState('networkidle');
      // What sticks out past the right edge (innermost elements), so that a failure names the culprit.
      const wide = await page.evaluate(() =>
        Array.from(document.querySelectorAll('main *'))
          .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
          .filter((el) => !el.closest('.table-scroll') || el.classList.contains('table-scroll'))
          .map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${el.textContent?.slice(0, 40) ?? ''}`)
          .slice(-5),
      );
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect({ route, overflow: Math.max(0, overflow), wide: overflow > 0 ? wide : [] }).toEqual({
        route,
        overflow: 0,
        wide: [],
      });
    }
    await page.getByRole('region', { name: 'Place order' }).waitFor();
    const theme = () => page.evaluate(() => document.documentElement.dataset['theme']);
    const before = await theme();
    await page.getByRole('button', { name: /^Switch to (dark|light) theme$/ }).click();
    const after = await theme();
    expect([before, after].sort()).toEqual(['dark', 'light']);
    if (after !== 'dark') await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await shot(page, '06c-phone-dark');
    await page.setViewportSize({ width: 1280, height: 900 });
  }, 120_000);

  it("edits an open order's price and amount: the order is replaced", async () => {
    const page = alice.page!;
    await page.goto(`${exchange.baseUrl}/#/market/BTCUSDT`);
    const status = await submitOrder(page, 'Buy', { price: '29000', amount: '0.001' });
    await status.getByText(/placed \(NEW\)/).waitFor();
    const open = page.getByRole('region', { name: 'Open orders' });
    await open.getByRole('button', { name: /^Edit order \d+$/ }).click();
    const edit = open.getByRole('form', { name: /^Edit order \d+$/ });
    await eventually(() => edit.getByLabel('New price').inputValue(), '29000.00');
    await edit.getByLabel('New price').fill('28500');
    await edit.getByLabel('New amount').fill('0.002');
    await shot(page, '07a-alice-editing');
    await edit.getByRole('button', { name: 'Replace order' }).click();
    await open.getByText(/^Order \d+ replaced by order \d+\.$/).waitFor();
    const table = open.getByRole('table', { name: 'Open orders' });
    await table.getByRole('cell', { name: '28,500.00' }).waitFor();
    await table.getByRole('cell', { name: /^0\.0020*$/ }).waitFor();
    expect(await table.getByRole('cell', { name: '29,000.00' }).count()).toBe(0);
    // The book follows: the new bid is in it.
    await page.getByRole('button', { name: 'Bid 28,500.00: use this price' }).waitFor();
    await shot(page, '07a-alice-edited');
    await open.getByRole('button', { name: /^Cancel order \d+$/ }).click();
    await open.getByText('No open orders.').waitFor();
  }, 120_000);

  it('cancels an open order', async () => {
    const page = alice.page!;
    await page.goto(`${exchange.baseUrl}/#/market/BTCUSDT`);
    const status = await submitOrder(page, 'Buy', { price: '29000', amount: '0.001' });
    await status.getByText(/placed \(NEW\)/).waitFor();
    const cancel = page.getByRole('button', { name: /^Cancel order \d+$/ });
    await cancel.waitFor();
    await cancel.click();
    await page.getByText(/^Order \d+ cancelled\.$/).waitFor();
    await page.getByRole('region', { name: 'Open orders' }).getByText('No open orders.').waitFor();
    await shot(page, '07-alice-cancelled');
  }, 120_000);

  it('shows the order history and the fills', async () => {
    const page = alice.page!;
    await page.getByRole('link', { name: 'Orders' }).click();
    const history = page.getByRole('table', { name: 'Order history' });
    await history.getByRole('cell', { name: 'FILLED' }).waitFor();
    // The edited order (replaced), its replacement and the cancelled order.
    await history.getByRole('cell', { name: 'CANCELED' }).nth(2).waitFor();
    const fills = page.getByRole('table', { name: 'Fills' });
    await fills.getByRole('cell', { name: 'Maker' }).waitFor();
    expect(await fills.locator('tbody tr').count()).toBe(1);
    await shot(page, '07b-alice-orders');
  }, 120_000);

  it('withdraws with an MFA code', async () => {
    const page = alice.page!;
    await page.goto(`${exchange.baseUrl}/#/wallet`);
    const form = page.getByRole('region', { name: 'Withdraw' });
    await form.getByRole('combobox', { name: 'Asset' }).selectOption('USDT');
    await form.getByRole('textbox', { name: 'Amount' }).fill('25');
    await form.getByRole('textbox', { name: 'Address' }).fill('demo-address-0001');
    await form.getByRole('textbox', { name: 'Authenticator code' }).fill(await freshCode());
    await form.getByRole('button', { name: 'Withdraw' }).click();
    await form.getByText(/Withdrawal of 25(\.0+)? USDT requested \(Processing\)/).waitFor();
    // The history reads the withdrawal back from the API, with its status in words and the asset's precision.
    const withdrawn = page.getByRole('table', { name: 'Withdrawal history' }).getByRole('row', {
      name: /demo-address-0001/,
    });
    await withdrawn.getByRole('cell', { name: '25.000000', exact: true }).waitFor();
    await withdrawn.getByRole('cell', { name: 'Processing', exact: true }).waitFor();
    // The faucet claim of the first journey is in the deposit history.
    const deposits = page.getByRole('table', { name: 'Deposit history' });
    const claimed = deposits.getByRole('row', { name: /10,000\.000000/ });
    await claimed.getByRole('cell', { name: 'Demo faucet', exact: true }).waitFor();
    await claimed.getByRole('cell', { name: 'Credited', exact: true }).waitFor();
    expect(await deposits.locator('tbody tr').count()).toBe(1);

    // A deposit the page did not make itself (here the faucet called from outside the page) shows up from the
    // user-data stream's balanceUpdate, without a reload.
    const session = await page.evaluate(() => sessionStorage.getItem('exchange.session'));
    const { accessToken } = JSON.parse(session!) as { accessToken: string };
    const res = await fetch(`${exchange.baseUrl}/api/v1/deposits/faucet`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ asset: 'USDT', amount: '7' }),
    });
    expect(res.status).toBe(201);
    await deposits
      .getByRole('row', { name: /\b7\.000000\b/ })
      .getByRole('cell', { name: 'Demo faucet' })
      .waitFor();
    // Newest first.
    await eventually(
      async () => (await deposits.locator('tbody tr td').nth(2).textContent()) ?? '',
      '7.000000',
    );
    await shot(page, '08-alice-withdrawal');
  }, 120_000);

  it('creates an API key whose secret is shown once, revokes it, and lists sessions and the audit log', async () => {
    const page = alice.page!;
    await page.getByRole('link', { name: 'Account' }).click();
    const keys = page.getByRole('region', { name: 'API keys' });
    await keys.getByRole('textbox', { name: 'Label' }).fill('e2e bot');
    await keys.getByRole('checkbox', { name: 'trade' }).check();
    await keys.getByRole('textbox', { name: /IP allow-list/ }).fill('127.0.0.1');
    await keys.getByRole('textbox', { name: 'Authenticator code' }).fill(await freshCode());
    await keys.getByRole('button', { name: 'Create key' }).click();
    const created = page.getByRole('region', { name: 'New API key' });
    await created.getByText('Secret:').waitFor();
    expect((await created.locator('code').nth(1).textContent())!.length).toBeGreaterThan(16);
    await shot(page, '08b-alice-api-key');
    await created.getByRole('button', { name: 'Done' }).click();
    await eventually(async () => String(await page.getByText('Secret:').count()), '0');
    const row = keys.getByRole('row', { name: /e2e bot/ });
    await row.getByRole('cell', { name: 'READ, TRADE' }).waitFor();
    await row.getByRole('cell', { name: '127.0.0.1' }).waitFor();
    // The key may withdraw from now on: it is already limited to an address, so the form takes it.
    await row.getByRole('button', { name: 'Edit key e2e bot' }).click();
    const edit = keys.getByRole('form', { name: 'Edit key e2e bot' });
    await edit.getByRole('checkbox', { name: 'withdraw' }).check();
    await edit.getByRole('textbox', { name: 'Authenticator code' }).fill(await freshCode());
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await row.getByRole('cell', { name: 'READ, TRADE, WITHDRAW' }).waitFor();
    expect(await keys.getByRole('form', { name: 'Edit key e2e bot' }).count()).toBe(0);
    await row.getByRole('button', { name: 'Revoke key e2e bot' }).click();
    await row.getByRole('cell', { name: /^revoked / }).waitFor();

    await page.getByRole('table', { name: 'Sessions' }).getByText('This device').waitFor();
    await page.getByRole('table', { name: 'Audit log' }).getByText('API key changed').waitFor();
    await shot(page, '08c-alice-security');
  }, 120_000);

  /** Logs Alice in; with MFA on, the first attempt answers 401 MFA_REQUIRED and the page asks for a code. */
  async function logInWithSecondFactor(page: Page, useRecovery: boolean): Promise<void> {
    await page.goto(`${exchange.baseUrl}/#/login`);
    await page.getByLabel('Email').fill(alice.email);
    await page.getByLabel('Password').fill(password);
    // Chromium logs the designed 401 as a console error: it is expected exactly once per log-in.
    const expected = { urlEnd: '/api/v1/auth/login', status: 401, seen: 0 };
    expectedFailures.push(expected);
    await page.getByRole('button', { name: 'Log in' }).click();
    if (useRecovery) {
      await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
      await page.getByLabel('Recovery code').fill(alice.recoveryCodes[0]!);
    } else {
      await page.getByLabel('Authenticator code').fill(await freshCode());
    }
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Account' }).waitFor();
    expectedFailures.splice(expectedFailures.indexOf(expected), 1);
    expect(expected.seen).toBe(1);
  }

  it('logs out everywhere, then logs in again with the authenticator code', async () => {
    const page = alice.page!;
    await page.getByRole('button', { name: 'Log out everywhere' }).click();
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    await logInWithSecondFactor(page, false);
    await shot(page, '09-alice-mfa-login');
  }, 120_000);

  it('logs out, then logs in with a recovery code', async () => {
    const page = alice.page!;
    await page.getByRole('button', { name: 'Log out', exact: true }).click();
    await page.getByRole('banner').getByRole('link', { name: 'Sign up' }).waitFor();
    await logInWithSecondFactor(page, true);
    await shot(page, '10-alice-recovery-login');
  }, 120_000);
});
