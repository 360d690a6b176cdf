import { type BrowserContext, type Page } from 'playwright-core';

import { ExchangeHarness } from './exchange-harness';
import {
  claimDemoFunds,
  expectNoConsoleErrors,
  JourneyBrowser,
  openMarket,
  shot,
  signUp,
  submitOrder,
} from './journey-browser';

/**
 * A stop-limit order in Debian's Chromium against the whole exchange: it rests untriggered (open, "waiting", its
 * funds held), a trade at its stop price triggers it and it works on the book ("triggered", a bid at its limit),
 * then a crossing sell fills it. Any console error fails the journey.
 */
describe('stop-limit journey in a real browser', () => {
  const exchange = new ExchangeHarness();
  const browser = new JourneyBrowser();
  const password = `St0p-${exchange.run}`;
  const alice = { email: `stop-alice-${exchange.run}@example.com` } as {
    email: string;
    context?: BrowserContext;
    page?: Page;
  };
  const bob = { email: `stop-bob-${exchange.run}@example.com` } as {
    email: string;
    context?: BrowserContext;
    page?: Page;
  };

  async function signUpFunded(page: Page, email: string, asset: string, amount: string): Promise<void> {
    await signUp(page, exchange.baseUrl, email, password);
    await claimDemoFunds(page, asset, amount);
    await openMarket(page, exchange.baseUrl, 'BTCUSDT');
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

  it('rests a stop-limit buy untriggered after a first trade sets the last price', async () => {
    await signUpFunded(bob.page!, bob.email, 'BTC', '1');
    await signUpFunded(alice.page!, alice.email, 'USDT', '10000');
    // A first trade at 30000: the last price a stop order is checked against.
    await (
      await submitOrder(bob.page!, 'Sell', { type: 'Limit', price: '30000', amount: '0.001' })
    )
      .getByText(/placed \(NEW\)/)
      .waitFor();
    await (
      await submitOrder(alice.page!, 'Buy', { type: 'Limit', price: '30000', amount: '0.001' })
    )
      .getByText(/filled \(FILLED\)/)
      .waitFor();

    const page = alice.page!;
    const form = page.getByRole('region', { name: 'Place order' });
    await form.getByLabel('Order type').selectOption('Stop-limit');
    await form.getByText('Last price 30,000.00 USDT; triggers when it rises to the stop price.').waitFor();
    // Live validation: a buy stop at or below the last price would trigger at once.
    await form.getByLabel(/^Stop price/).fill('29900');
    await form
      .getByText(
        'This order triggers when the price rises to the stop price: set it above the last price 30000.00.',
      )
      .waitFor();
    await form.getByLabel(/^Stop price/).fill('30500');
    await form.getByLabel(/^Limit price/).fill('30600');
    await form.getByLabel(/^Amount/).fill('0.001');
    await form.getByRole('button', { name: 'Buy BTC' }).click();
    await form
      .getByRole('group', { name: 'Confirm order' })
      .getByText(/When the last price rises to 30500 \(trigger\): Buy 0\.001 BTC at limit 30600\./)
      .waitFor();
    await form.getByRole('button', { name: 'Confirm buy' }).click();
    await form
      .getByRole('status')
      .getByText(/placed \(NEW\)/)
      .waitFor();

    const open = page.getByRole('table', { name: 'Open orders' });
    const row = open.getByRole('row', { name: /STOP_LOSS_LIMIT/ });
    await row.getByRole('cell', { name: '30,500.00 waiting' }).waitFor();
    await row.getByRole('cell', { name: '30,600.00' }).waitFor();
    // Untriggered, it is not in the book.
    expect(await page.getByRole('button', { name: 'Bid 30,600.00: use this price' }).count()).toBe(0);
    await shot(page, 'stop-01-waiting');
  }, 180_000);

  it('triggers on a trade at the stop price and works as a limit bid, then fills', async () => {
    const page = alice.page!;
    await (
      await submitOrder(bob.page!, 'Sell', { type: 'Limit', price: '30500', amount: '0.001' })
    )
      .getByText(/placed \(NEW\)/)
      .waitFor();
    // Alice's own limit buy trades at 30500: the last price reaches her stop.
    await (
      await submitOrder(page, 'Buy', { type: 'Limit', price: '30500', amount: '0.001' })
    )
      .getByText(/filled \(FILLED\)/)
      .waitFor();

    const row = page
      .getByRole('table', { name: 'Open orders' })
      .getByRole('row', { name: /STOP_LOSS_LIMIT/ });
    await row.getByRole('cell', { name: '30,500.00 triggered' }).waitFor();
    await page.getByRole('button', { name: 'Bid 30,600.00: use this price' }).waitFor();
    await shot(page, 'stop-02-triggered');

    // Bob sells into the working bid.
    await (
      await submitOrder(bob.page!, 'Sell', { type: 'Limit', price: '30600', amount: '0.001' })
    )
      .getByText(/filled \(FILLED\)/)
      .waitFor();
    await page.getByRole('region', { name: 'Open orders' }).getByText('No open orders.').waitFor();

    await page.getByRole('link', { name: 'Orders' }).click();
    const history = page.getByRole('table', { name: 'Order history' });
    const stop = history.getByRole('row', { name: /STOP_LOSS_LIMIT/ });
    await stop.getByRole('cell', { name: 'FILLED' }).waitFor();
    await stop.getByRole('cell', { name: '30,500.00' }).waitFor();
    await shot(page, 'stop-03-filled');
  }, 180_000);
});
