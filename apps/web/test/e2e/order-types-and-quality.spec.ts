import { type BrowserContext, type Page, type WebSocketRoute } from 'playwright-core';

import { ExchangeHarness } from './exchange-harness';
import {
  claimDemoFunds,
  eventually,
  expectNoConsoleErrors,
  JourneyBrowser,
  openMarket,
  shot as saveShot,
  signUp,
  submitOrder,
} from './journey-browser';

/** Roles a user operates: each needs an accessible name. */
const CONTROL_ROLES = new Set([
  'button',
  'link',
  'textbox',
  'searchbox',
  'combobox',
  'listbox',
  'checkbox',
  'radio',
  'switch',
  'slider',
  'spinbutton',
  'tab',
  'menuitem',
]);

/**
 * The rest of the list, in Debian's Chromium against the whole exchange: post-only (resting, and refused
 * with the engine's reason when it would take), IOC (the part that filled, the rest expired), market orders by
 * base and by quote amount, cancel-all; the markets list and the candle moving live, the interval switch; the
 * market stream dropped and reconnected with its state in the header and the book live again; then accessible
 * names on every control (Chromium's own accessibility tree), text contrast in both themes, and the market page
 * used with the keyboard alone (every control reachable, no trap, a visible focus ring, an order placed). Any
 * console error fails the journey.
 */
describe('order types, live market views and accessibility in a real browser', () => {
  const exchange = new ExchangeHarness();
  const password = `Qu4lity-${exchange.run}`;
  type Trader = { email: string; context?: BrowserContext; page?: Page };
  const carol: Trader = { email: `carol-${exchange.run}@example.com` };
  const dave: Trader = { email: `dave-${exchange.run}@example.com` };
  /** Not signed in: watches the markets list, later the market page through a stream the test can drop. */
  const watcher: Trader = { email: '' };
  const streamRoutes: WebSocketRoute[] = [];
  /** A refusal the test causes on purpose: Chromium logs its 400 as a console error, counted instead. */
  const orderRefusals = { expected: 0, seen: 0 };
  const browser = new JourneyBrowser((text, url) => {
    const refusal =
      orderRefusals.expected > 0 && url.endsWith('/api/v1/order') && text.includes('status of 400');
    if (refusal) orderRefusals.seen += 1;
    return refusal;
  });

  const shot = (page: Page, name: string) => saveShot(page, `quality-${name}`);

  async function signUpFunded(page: Page, email: string, funds: [string, string][]): Promise<void> {
    await signUp(page, exchange.baseUrl, email, password);
    for (const [asset, amount] of funds) await claimDemoFunds(page, asset, amount);
    await openMarket(page, exchange.baseUrl, 'BTCUSDT');
  }

  /** The value next to `term` in the chart's legend of the newest candle. */
  const legend = (page: Page, interval: string, term: string) =>
    page
      .getByRole('group', { name: `Last ${interval} candle` })
      .locator('div')
      .filter({ has: page.locator('dt', { hasText: new RegExp(`^${term}$`) }) })
      .locator('dd');

  beforeAll(async () => {
    await exchange.start();
    await browser.launch();
    Object.assign(carol, await browser.openPage());
    Object.assign(dave, await browser.openPage());
    Object.assign(watcher, await browser.openPage());
    // The watcher's market stream goes through the test, which can drop it like a network would.
    await watcher.context!.routeWebSocket(/\/stream$/, (ws) => {
      ws.connectToServer();
      streamRoutes.push(ws);
    });
  }, 240_000);

  afterAll(async () => {
    await browser.close();
    await exchange.stop();
  }, 90_000);

  afterEach(() => expectNoConsoleErrors(browser, exchange));

  it('rests a post-only order, refuses one that would take, and fills part of an IOC (the rest expires)', async () => {
    await watcher.page!.goto(`${exchange.baseUrl}/#/`);
    await watcher.page!.getByRole('row', { name: /BTC\/USDT/ }).waitFor();
    await signUpFunded(carol.page!, carol.email, [['USDT', '10000']]);
    await signUpFunded(dave.page!, dave.email, [
      ['BTC', '1'],
      ['USDT', '100'],
    ]);

    const resting = await submitOrder(carol.page!, 'Buy', {
      type: 'LIMIT_MAKER',
      price: '30000',
      amount: '0.001',
    });
    await resting.getByText(/placed \(NEW\)/).waitFor();
    await dave.page!.getByRole('button', { name: 'Bid 30,000.00: use this price' }).waitFor();

    // A post-only sell at the bid would take: the engine refuses it and the form says why, in words.
    orderRefusals.expected = 1;
    const refused = await submitOrder(dave.page!, 'Sell', {
      type: 'LIMIT_MAKER',
      price: '30000',
      amount: '0.001',
    });
    await refused.waitFor();
    orderRefusals.expected = 0;
    expect(orderRefusals.seen).toBe(1);
    expect(await refused.getAttribute('class')).toBe('field-error');
    expect(await refused.textContent()).not.toMatch(/placed|filled|^\s*$/);
    await dave.page!.getByRole('region', { name: 'Open orders' }).getByText('No open orders.').waitFor();
    await shot(dave.page!, '01-post-only-refused');

    // IOC for twice what the book has: half fills against Carol's bid, the rest expires instead of resting.
    const ioc = await submitOrder(dave.page!, 'Sell', { type: 'IOC', price: '30000', amount: '0.002' });
    await ioc
      .getByText('filled 0.0010 of 0.0020 BTC, the rest expired (EXPIRED)', { exact: false })
      .waitFor();
    await dave.page!.getByRole('region', { name: 'Open orders' }).getByText('No open orders.').waitFor();
    await carol.page!.getByRole('region', { name: 'Open orders' }).getByText('No open orders.').waitFor();
    await eventually(() => legend(carol.page!, '1m', 'Close').textContent(), '30,000.00');
    // The markets list took the trade from its ticker stream, without a reload.
    const row = watcher.page!.getByRole('row', { name: /BTC\/USDT/ });
    await row.getByRole('cell', { name: '30,000.00' }).waitFor();
    await shot(dave.page!, '02-ioc-expired');
  }, 120_000);

  it('sells at market by base amount, buys at market by quote amount, and the chart and markets list follow', async () => {
    for (const price of ['29000', '28000', '27000']) {
      const status = await submitOrder(carol.page!, 'Buy', { type: 'LIMIT', price, amount: '0.001' });
      await status.getByText(/placed \(NEW\)/).waitFor();
    }
    await dave.page!.getByRole('button', { name: 'Bid 27,000.00: use this price' }).waitFor();
    const sold = await submitOrder(dave.page!, 'Sell', { type: 'MARKET', amount: '0.001' });
    await sold.getByText(/filled \(FILLED\)/).waitFor();
    // The candle moved live: its close is the new trade's price (the same candle or the next minute's).
    await eventually(() => legend(carol.page!, '1m', 'Close').textContent(), '29,000.00');
    const row = watcher.page!.getByRole('row', { name: /BTC\/USDT/ });
    await row.getByRole('cell', { name: '29,000.00' }).waitFor();
    // The 24h change, and the last hour's (the same trades, all in the last hour): two cells.
    await row.getByRole('cell', { name: '−3.33 %' }).nth(1).waitFor();
    await shot(watcher.page!, '03-markets-live');

    // Carol sells 0.001 of what she bought; Dave spends 15.5 USDT at market: 0.0005 BTC at 31,000.
    const ask = await submitOrder(carol.page!, 'Sell', { type: 'LIMIT', price: '31000', amount: '0.001' });
    await ask.getByText(/placed \(NEW\)/).waitFor();
    await dave.page!.getByRole('button', { name: 'Ask 31,000.00: use this price' }).waitFor();
    const bought = await submitOrder(dave.page!, 'Buy', { type: 'MARKET', total: '15.5' });
    await bought.getByText(/filled/).waitFor();
    await dave
      .page!.getByRole('rowgroup', { name: 'Recent trades' })
      .getByText('31,000.00')
      .first()
      .waitFor();
    await eventually(() => legend(carol.page!, '1m', 'Close').textContent(), '31,000.00');
    await row.getByRole('cell', { name: '+3.33 %' }).nth(1).waitFor();

    // Another interval: the hour's candle holds every trade so far (unless the hour turned meanwhile).
    const intervals = carol.page!.getByRole('group', { name: 'Candle interval' });
    await intervals.getByRole('button', { name: '1h' }).click();
    expect(await intervals.getByRole('button', { name: '1h' }).getAttribute('aria-pressed')).toBe('true');
    await carol.page!.getByRole('img', { name: 'BTCUSDT 1h candles' }).waitFor();
    await eventually(() => legend(carol.page!, '1h', 'Close').textContent(), '31,000.00');
    await eventually(() => legend(carol.page!, '1h', 'High').textContent(), '31,000.00');
    await shot(carol.page!, '04-market-orders-1h');
  }, 120_000);

  it('cancels all open orders of the market at once', async () => {
    const page = carol.page!;
    const open = page.getByRole('table', { name: 'Open orders' });
    // 28,000 and 27,000 still rest; the 31,000 ask has 0.0005 left.
    await eventually(() => open.locator('tbody tr').count(), 3);
    await page
      .getByRole('region', { name: 'Open orders' })
      .getByRole('button', { name: 'Cancel all' })
      .click();
    await page.getByText('All open orders cancelled.').waitFor();
    await page.getByRole('region', { name: 'Open orders' }).getByText('No open orders.').waitFor();
    await dave
      .page!.getByRole('button', { name: 'Bid 28,000.00: use this price' })
      .waitFor({ state: 'detached' });
    await dave
      .page!.getByRole('button', { name: 'Ask 31,000.00: use this price' })
      .waitFor({ state: 'detached' });
    await shot(page, '05-cancel-all');
  }, 120_000);

  it('shows the market stream reconnecting after a drop, then live again with the book following', async () => {
    const page = watcher.page!;
    await page.goto(`${exchange.baseUrl}/#/market/BTCUSDT`);
    const state = page.getByRole('banner').locator('[aria-label^="Market data:"]');
    await eventually(() => state.getAttribute('aria-label'), 'Market data: Live');
    // Every state the header shows from now on.
    await page.evaluate(() => {
      const element = document.querySelector('[aria-label^="Market data:"]')!;
      const seen: string[] = [];
      (globalThis as unknown as { seenStates: string[] }).seenStates = seen;
      new MutationObserver(() => seen.push(element.getAttribute('aria-label') ?? '')).observe(element, {
        attributes: true,
        attributeFilter: ['aria-label'],
      });
    });
    const before = streamRoutes.length;
    await streamRoutes.at(-1)!.close({ code: 4000, reason: 'dropped by the test' });
    await eventually(async () => streamRoutes.length, before + 1);
    await eventually(() => state.getAttribute('aria-label'), 'Market data: Live');
    const seen = await page.evaluate(() => (globalThis as unknown as { seenStates: string[] }).seenStates);
    expect(seen).toContain('Market data: Reconnecting…');
    expect(seen.at(-1)).toBe('Market data: Live');
    // The book is live again on the new connection.
    const status = await submitOrder(carol.page!, 'Buy', { type: 'LIMIT', price: '26000', amount: '0.001' });
    await status.getByText(/placed \(NEW\)/).waitFor();
    await page.getByRole('button', { name: 'Bid 26,000.00: use this price' }).waitFor();
    await shot(page, '06-reconnected');
  }, 120_000);

  it('shows the market from REST at once while the stream cannot connect: no spinner waits on live data', async () => {
    const { context, page } = await browser.openPage();
    // Every attempt to open the market stream is dropped at once, as behind a proxy that refuses WebSockets.
    await context.routeWebSocket(
      /\/stream$/,
      (ws) => void ws.close({ code: 4001, reason: 'refused by the test' }),
    );
    await page.goto(`${exchange.baseUrl}/#/market/BTCUSDT`);
    await page.getByRole('button', { name: 'Bid 26,000.00: use this price' }).waitFor();
    await page.getByRole('rowgroup', { name: 'Recent trades' }).getByText('31,000.00').first().waitFor();
    await eventually(() => legend(page, '1m', 'Close').textContent(), '31,000.00');
    const state = page.getByRole('banner').locator('[aria-label^="Market data:"]');
    expect(await state.getAttribute('aria-label')).not.toBe('Market data: Live');
    expect(await page.locator('[aria-busy="true"]').count()).toBe(0);
    expect(await page.getByText(/Loading/).count()).toBe(0);
    await shot(page, '06b-stream-down');
    await page.goto(`${exchange.baseUrl}/#/`);
    await page
      .getByRole('row', { name: /BTC\/USDT/ })
      .getByRole('cell', { name: '31,000.00' })
      .waitFor();
    await context.close();
  }, 120_000);

  /** Controls without an accessible name, from Chromium's accessibility tree (what a screen reader reads). */
  async function unnamedControls(page: Page): Promise<string[]> {
    const cdp = await page.context().newCDPSession(page);
    try {
      const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
        nodes: {
          ignored: boolean;
          role?: { value: string };
          name?: { value: string };
          backendDOMNodeId?: number;
        }[];
      };
      const unnamed: string[] = [];
      for (const node of nodes) {
        if (node.ignored || !CONTROL_ROLES.has(node.role?.value ?? '')) continue;
        if ((node.name?.value ?? '').trim() !== '') continue;
        const html = node.backendDOMNodeId
          ? (
              (await cdp.send('DOM.getOuterHTML', { backendNodeId: node.backendDOMNodeId })) as {
                outerHTML: string;
              }
            ).outerHTML
          : '';
        unnamed.push(`${node.role!.value}: ${html.slice(0, 160)}`);
      }
      return unnamed;
    } finally {
      await cdp.detach();
    }
  }

  /**
   * Text below WCAG AA contrast (4.5:1, 3:1 for large text) against the colours actually behind it: the nearest
   * backgrounds, semi-transparent ones blended. Disabled controls and visually hidden text are exempt; text over
   * a gradient (the book's depth shading) is measured against the row's panel.
   */
  function lowContrastText(page: Page): Promise<string[]> {
    return page.evaluate(() => {
      type Rgba = [number, number, number, number];
      const parse = (css: string): Rgba | undefined => {
        const rgb = /^rgba?\(([^)]+)\)$/.exec(css);
        if (rgb) {
          const [r, g, b, a] = rgb[1]!.split(/[\s,/]+/).map(Number);
          return [r!, g!, b!, a ?? 1];
        }
        const srgb = /^color\(srgb ([^)]+)\)$/.exec(css);
        if (srgb) {
          const [r, g, b, a] = srgb[1]!.split(/[\s/]+/).map(Number);
          return [r! * 255, g! * 255, b! * 255, a ?? 1];
        }
        return undefined;
      };
      const over = (top: Rgba, below: Rgba): Rgba => {
        const a = top[3] + below[3] * (1 - top[3]);
        const mix = (i: number) => (top[i]! * top[3] + below[i]! * below[3] * (1 - top[3])) / (a || 1);
        return [mix(0), mix(1), mix(2), a];
      };
      const luminance = ([r, g, b]: Rgba) => {
        const lin = (c: number) =>
          c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4;
        return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
      };
      const background = (element: Element): Rgba => {
        const layers: Rgba[] = [];
        for (let e: Element | null = element; e; e = e.parentElement) {
          const color = parse(getComputedStyle(e).backgroundColor);
          if (color && color[3] > 0) layers.push(color);
          if (color && color[3] >= 1) break;
        }
        let result: Rgba = [255, 255, 255, 1];
        for (const layer of layers.reverse()) result = over(layer, result);
        return result;
      };
      const problems: string[] = [];
      for (const element of Array.from(document.body.querySelectorAll('*'))) {
        const style = getComputedStyle(element);
        const ownText = Array.from(element.childNodes).some(
          (n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '',
        );
        const field = element.matches('input:not([type=checkbox]):not([type=radio]), select, textarea');
        if (!ownText && !(field && (element as HTMLInputElement).value)) continue;
        if (element.closest(':disabled, [aria-disabled="true"], .visually-hidden, .skip-link')) continue;
        const box = element.getBoundingClientRect();
        if (box.width <= 1 || box.height <= 1 || style.visibility !== 'visible' || style.display === 'none')
          continue;
        const text = parse(style.color);
        if (!text) continue;
        const back = background(element);
        const fore = over(text, back);
        const [l1, l2] = [luminance(fore), luminance(back)].sort((a, b) => b - a);
        const ratio = (l1! + 0.05) / (l2! + 0.05);
        const size = parseFloat(style.fontSize);
        const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
        if (ratio < (large ? 3 : 4.5))
          problems.push(
            `${element.tagName.toLowerCase()}.${element.className} "${(element.textContent ?? '').trim().slice(0, 30)}": ${ratio.toFixed(2)}`,
          );
      }
      return problems;
    });
  }

  it('names every control and keeps text readable in both themes, on every page', async () => {
    const pages: [Page, string][] = [
      [watcher.page!, '#/'],
      [watcher.page!, '#/login'],
      [watcher.page!, '#/signup'],
      [watcher.page!, '#/market/BTCUSDT'],
      [carol.page!, '#/market/BTCUSDT'],
      [carol.page!, '#/orders'],
      [carol.page!, '#/wallet'],
      [carol.page!, '#/account'],
    ];
    const found: Record<string, { unnamed: string[]; lowContrast: string[] }> = {};
    for (const theme of ['dark', 'light']) {
      for (const [page, route] of pages) {
        await page.goto(`${exchange.baseUrl}/${route}`);
        await page.getByRole('heading', { level: 1 }).first().waitFor();
        const toggle = page.getByRole('button', { name: `Switch to ${theme} theme` });
        if ((await toggle.count()) > 0) await toggle.click();
        await eventually(() => page.evaluate(() => document.documentElement.dataset['theme']), theme);
        await page.waitForLoadState('networkidle');
        const unnamed = await unnamedControls(page);
        const lowContrast = await lowContrastText(page);
        if (page === carol.page && route.startsWith('#/market')) {
          // The order form's other side has its own colours.
          await page
            .getByRole('region', { name: 'Place order' })
            .getByRole('radio', { name: 'Sell' })
            .click();
          lowContrast.push(...(await lowContrastText(page)));
          await page.getByRole('region', { name: 'Place order' }).getByRole('radio', { name: 'Buy' }).click();
        }
        if (unnamed.length + lowContrast.length > 0) found[`${theme} ${route}`] = { unnamed, lowContrast };
      }
    }
    await shot(carol.page!, '07-account-light');
    expect(found).toEqual({});
  }, 180_000);

  /**
   * Presses Tab from the top of a freshly loaded page until the focus leaves the page or comes back to a control
   * it already visited: how many tabbable controls it did not reach (a trap keeps it in a part of the page) and
   * the controls it reached that showed no focus ring.
   */
  async function tabThrough(page: Page): Promise<{ unreached: number; withoutRing: string[] }> {
    await page.waitForLoadState('networkidle');
    const countTabbable = () =>
      page.evaluate(
        () =>
          Array.from(
            document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, [tabindex]'),
          ).filter((e) => e.tabIndex >= 0 && !e.matches(':disabled') && e.getClientRects().length > 0).length,
      );
    // Data that arrives over the WebSocket after the network is idle (the markets list's rows) adds controls:
    // count them once the page has stopped changing, not at its first paint.
    let tabbable = await countTabbable();
    for (let settled = 0; settled < 3;) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const now = await countTabbable();
      settled = now === tabbable ? settled + 1 : 0;
      tabbable = now;
    }
    const visited: string[] = [];
    const withoutRing: string[] = [];
    for (let press = 0; press < tabbable + 5; press++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const e = document.activeElement as HTMLElement | null;
        if (!e || e === document.body) return undefined;
        const path: string[] = [];
        for (let n: Element | null = e; n && n !== document.body; n = n.parentElement)
          path.unshift(`${n.tagName}:${Array.from(n.parentElement?.children ?? []).indexOf(n)}`);
        const style = getComputedStyle(e);
        const ring =
          (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
        const name = e.getAttribute('aria-label') ?? e.textContent?.trim().slice(0, 30) ?? '';
        return { key: path.join('/'), ring, name: `${e.tagName.toLowerCase()} "${name}"` };
      });
      if (!focused || visited.includes(focused.key)) break;
      visited.push(focused.key);
      if (!focused.ring) withoutRing.push(focused.name);
    }
    return { unreached: tabbable - visited.length, withoutRing };
  }

  it('works the market page with the keyboard alone: skip link, every control reachable, no trap, an order', async () => {
    const page = carol.page!;
    await page.goto(`${exchange.baseUrl}/#/market/BTCUSDT`);
    await page.getByRole('button', { name: 'Bid 26,000.00: use this price' }).waitFor();
    await page.waitForLoadState('networkidle');

    // The skip link is the first stop and lands in the page's content without leaving the market.
    await page.reload();
    await page.getByRole('button', { name: 'Bid 26,000.00: use this price' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    expect(await page.evaluate(() => location.hash)).toBe('#/market/BTCUSDT');

    // Tab through the whole page: each control is reached once, with a visible focus ring, and Tab leaves the
    // last one (a trap would keep the focus in a part of the page).
    await page.reload();
    await page.getByRole('button', { name: 'Bid 26,000.00: use this price' }).waitFor();
    expect(await tabThrough(page)).toEqual({ unreached: 0, withoutRing: [] });

    // An order with keys only: the side by arrow, Enter on a price in the book, type the amount, Enter, Tab to
    // confirm, Enter.
    const form = page.getByRole('region', { name: 'Place order' });
    // The side is one Tab stop: the chosen side has the focus, an arrow key switches it.
    await form.getByRole('radio', { checked: true }).focus();
    if ((await form.getByRole('radio', { name: 'Buy' }).getAttribute('aria-checked')) !== 'true')
      await page.keyboard.press('ArrowRight');
    expect(await form.getByRole('radio', { name: 'Buy' }).getAttribute('aria-checked')).toBe('true');
    await form.getByLabel('Order type').selectOption('LIMIT');
    await page.getByRole('button', { name: 'Bid 26,000.00: use this price' }).focus();
    await page.keyboard.press('Enter');
    await eventually(() => form.getByLabel(/^Price/).inputValue(), '26000');
    await form.getByLabel(/^Amount \(/).focus();
    await page.keyboard.type('0.001');
    await page.keyboard.press('Enter');
    const confirm = form.getByRole('button', { name: 'Confirm buy' });
    await confirm.waitFor();
    for (let press = 0; press < 10; press++) {
      if (await confirm.evaluate((e) => e === document.activeElement)) break;
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Enter');
    await form
      .getByRole('status')
      .getByText(/placed \(NEW\)/)
      .waitFor();
    await shot(page, '08-keyboard-order');
  }, 120_000);

  it('reaches every control by Tab with a focus ring and no trap on every other page', async () => {
    const found: Record<string, { unreached: number; withoutRing: string[] }> = {};
    const pages: [Page, string][] = [
      [watcher.page!, '#/'],
      [watcher.page!, '#/login'],
      [watcher.page!, '#/signup'],
      [carol.page!, '#/orders'],
      [carol.page!, '#/wallet'],
      [carol.page!, '#/account'],
    ];
    for (const [page, route] of pages) {
      await page.goto(`${exchange.baseUrl}/${route}`);
      // A fresh load, so that the first Tab starts at the top of the page.
      await page.reload();
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      const result = await tabThrough(page);
      if (result.unreached !== 0 || result.withoutRing.length > 0) found[route] = result;
    }
    expect(found).toEqual({});
  }, 120_000);

  it('values the balances in USDT and shows what open orders hold', async () => {
    const page = carol.page!;
    await page.getByRole('link', { name: 'Wallet' }).click();
    const cell = (asset: string, column: number) =>
      page.getByRole('table', { name: 'Balances' }).locator(`tr[data-asset="${asset}"] td`).nth(column);
    // Carol bought 0.001 BTC twice as the maker (0.08 % fee in BTC) and sold 0.0005 at 31,000, the last price.
    await eventually(() => cell('BTC', 2).textContent(), '0.00149840');
    await eventually(() => cell('BTC', 3).textContent(), '46.45');
    // Her two resting bids at 26,000 hold their cost and the most fee they can cost; available + held = total.
    const [free, held, total] = await Promise.all([0, 1, 2].map((c) => cell('USDT', c).textContent()));
    const units = (text: string | null) => BigInt((text ?? '').replace(/[,.]/g, ''));
    expect(units(held)).toBeGreaterThanOrEqual(52_000_000n);
    expect(units(free) + units(held)).toBe(units(total));
    await shot(page, '09-wallet-values');
  }, 120_000);

  it("shows the account stream reconnecting after a drop, then the trader's orders update live again", async () => {
    const page = carol.page!;
    const accountRoutes: WebSocketRoute[] = [];
    await carol.context!.routeWebSocket(/\/ws\/[^/]+$/, (ws) => {
      ws.connectToServer();
      accountRoutes.push(ws);
    });
    await page.goto(`${exchange.baseUrl}/#/market/BTCUSDT`);
    // A fresh load, so that the account stream opens through the route.
    await page.reload();
    const state = page.getByRole('banner').locator('[aria-label^="Account updates:"]');
    await eventually(() => state.getAttribute('aria-label'), 'Account updates: Live');
    await eventually(async () => accountRoutes.length, 1);
    await page.evaluate(() => {
      const element = document.querySelector('[aria-label^="Account updates:"]')!;
      const seen: string[] = [];
      (globalThis as unknown as { seenStates: string[] }).seenStates = seen;
      new MutationObserver(() => seen.push(element.getAttribute('aria-label') ?? '')).observe(element, {
        attributes: true,
        attributeFilter: ['aria-label'],
      });
    });
    await accountRoutes[0]!.close({ code: 4000, reason: 'dropped by the test' });
    await eventually(async () => accountRoutes.length, 2);
    await eventually(() => state.getAttribute('aria-label'), 'Account updates: Live');
    const seen = await page.evaluate(() => (globalThis as unknown as { seenStates: string[] }).seenStates);
    expect(seen).toContain('Account updates: Reconnecting…');
    // Dave sells into both of Carol's bids: her open orders empty on the new connection, without a reload.
    const open = page.getByRole('table', { name: 'Open orders' });
    await eventually(() => open.locator('tbody tr').count(), 2);
    const sold = await submitOrder(dave.page!, 'Sell', { type: 'MARKET', amount: '0.002' });
    await sold.getByText(/filled \(FILLED\)/).waitFor();
    await page.getByRole('region', { name: 'Open orders' }).getByText('No open orders.').waitFor();
    await shot(page, '10-account-stream-reconnected');
  }, 120_000);
});
