import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { type OrderDraft } from '../lib/order-validation';
import { BTCUSDT } from '../lib/test-markets';
import { OrderForm } from './order-form';

const context = { available: { USDT: '100', BTC: '1' }, takerRate: '0.001' };

function renderForm(props: Partial<Parameters<typeof OrderForm>[0]> = {}) {
  const onSubmit = vi.fn<(draft: OrderDraft) => Promise<string>>().mockResolvedValue('Order 7 placed (NEW).');
  const view = render(
    <OrderForm rules={BTCUSDT} context={context} signedIn onSubmit={onSubmit} {...props} />,
  );
  return { onSubmit, view, user: userEvent.setup() };
}

describe(OrderForm.name, () => {
  it('flags a price off the tick as the trader types, on the field', async () => {
    const { user } = renderForm();
    await user.type(screen.getByLabelText(/^Price/), '30000.015');
    const price = screen.getByLabelText(/^Price/);
    expect(price.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('The price must be a multiple of the tick size 0.01.')).toBeTruthy();
  });

  it('shows the total and the highest fee, then confirms before sending the exact strings typed', async () => {
    const { user, onSubmit } = renderForm();
    await user.type(screen.getByLabelText(/^Price/), '30000.01');
    await user.type(screen.getByLabelText(/^Amount/), '0.0003');
    expect(screen.getByText('9.000003 USDT')).toBeTruthy();
    expect(screen.getByText('0.009001 USDT')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Buy BTC' }));
    expect(screen.getByRole('group', { name: 'Confirm order' }).textContent).toContain(
      'This uses up to 9.009004 USDT, fee at most 0.009001 USDT',
    );
    expect(onSubmit).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Confirm buy' }));
    expect(onSubmit).toHaveBeenCalledWith(
      expect.objectContaining({ side: 'BUY', kind: 'LIMIT', price: '30000.01', quantity: '0.0003' }),
    );
    expect((await screen.findByRole('status')).textContent).toBe('Order 7 placed (NEW).');
  });

  it('does not offer the confirmation while the order is invalid or over the balance', async () => {
    const { user, onSubmit } = renderForm({ context: { ...context, available: { USDT: '5' } } });
    await user.type(screen.getByLabelText(/^Price/), '30000');
    await user.type(screen.getByLabelText(/^Amount/), '0.001');
    await user.click(screen.getByRole('button', { name: 'Buy BTC' }));
    expect(screen.getByRole('alert').textContent).toBe(
      'Not enough USDT: the order needs 30.030000, 5.000000 is available.',
    );
    expect(screen.queryByRole('group', { name: 'Confirm order' })).toBeNull();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('shows the API error when the order is refused', async () => {
    const { user, onSubmit } = renderForm();
    onSubmit.mockRejectedValueOnce(new Error('Account has insufficient balance for requested action.'));
    await user.click(screen.getByRole('radio', { name: 'Sell' }));
    await user.type(screen.getByLabelText(/^Price/), '30000');
    await user.type(screen.getByLabelText(/^Amount/), '0.001');
    await user.click(screen.getByRole('button', { name: 'Sell BTC' }));
    await user.click(screen.getByRole('button', { name: 'Confirm sell' }));
    expect((await screen.findByRole('status')).textContent).toBe(
      'Account has insufficient balance for requested action.',
    );
  });

  it('offers stop-limit and take-profit-limit with a stop price checked live against the last price', async () => {
    const { user, onSubmit } = renderForm({ context: { ...context, lastPrice: '30000' } });
    const kinds = [...screen.getByLabelText('Order type').querySelectorAll('option')].map(
      (o) => o.textContent,
    );
    expect(kinds).toEqual(['Limit', 'Market', 'Stop-limit', 'Take-profit-limit', 'Post-only', 'IOC']);
    expect(screen.queryByLabelText(/^Stop price/)).toBeNull();

    await user.selectOptions(screen.getByLabelText('Order type'), 'Stop-limit');
    expect(
      screen.getByText(/Last price 30,000.00 USDT; triggers when it rises to the stop price./),
    ).toBeTruthy();
    await user.type(screen.getByLabelText(/^Stop price/), '29500');
    expect(screen.getByLabelText(/^Stop price/).getAttribute('aria-invalid')).toBe('true');
    expect(
      screen.getByText(
        'This order triggers when the price rises to the stop price: set it above the last price 30000.00.',
      ),
    ).toBeTruthy();
    await user.clear(screen.getByLabelText(/^Stop price/));
    await user.type(screen.getByLabelText(/^Stop price/), '30500');
    expect(screen.getByLabelText(/^Stop price/).getAttribute('aria-invalid')).toBeNull();
    await user.type(screen.getByLabelText(/^Limit price/), '30600');
    await user.type(screen.getByLabelText(/^Amount/), '0.0003');
    await user.click(screen.getByRole('button', { name: 'Buy BTC' }));
    expect(screen.getByRole('group', { name: 'Confirm order' }).textContent).toContain(
      'When the last price rises to 30500 (trigger): Buy 0.0003 BTC at limit 30600.',
    );
    await user.click(screen.getByRole('button', { name: 'Confirm buy' }));
    expect(onSubmit).toHaveBeenCalledWith(
      expect.objectContaining({
        kind: 'STOP_LOSS_LIMIT',
        stopPrice: '30500',
        price: '30600',
        quantity: '0.0003',
      }),
    );

    await user.click(screen.getByRole('radio', { name: 'Sell' }));
    await user.selectOptions(screen.getByLabelText('Order type'), 'Take-profit-limit');
    expect(screen.getByText(/triggers when it rises to the stop price/)).toBeTruthy();
    await user.clear(screen.getByLabelText(/^Stop price/));
    await user.type(screen.getByLabelText(/^Stop price/), '29000');
    expect(screen.getByText(/set it above the last price 30000.00/)).toBeTruthy();
  });

  it('makes the side one Tab stop that the arrow keys switch, as a radio group', async () => {
    const { user } = renderForm();
    const buy = screen.getByRole('radio', { name: 'Buy' });
    const sell = screen.getByRole('radio', { name: 'Sell' });
    await user.tab();
    expect(document.activeElement).toBe(buy);
    expect(sell.tabIndex).toBe(-1);
    await user.keyboard('{ArrowRight}');
    expect(sell.getAttribute('aria-checked')).toBe('true');
    expect(document.activeElement).toBe(sell);
    expect([buy.tabIndex, sell.tabIndex]).toEqual([-1, 0]);
    expect(screen.getByRole('button', { name: 'Sell BTC' })).toBeTruthy();
    // The next Tab leaves the group for the order type.
    await user.tab();
    expect(document.activeElement).toBe(screen.getByLabelText('Order type'));
    await user.keyboard('{Shift>}{Tab}{/Shift}{ArrowLeft}');
    expect(buy.getAttribute('aria-checked')).toBe('true');
  });

  it('takes a price picked in the book', () => {
    const { view } = renderForm();
    view.rerender(
      <OrderForm
        rules={BTCUSDT}
        context={context}
        signedIn
        onSubmit={vi.fn()}
        pickedPrice={{ price: '29999.5', nonce: 1 }}
      />,
    );
    expect((screen.getByLabelText(/^Price/) as HTMLInputElement).value).toBe('29999.5');
  });

  it('switches a market order to a quote total and asks nothing of the price', async () => {
    const { user } = renderForm();
    await user.selectOptions(screen.getByLabelText('Order type'), 'MARKET');
    expect(screen.queryByLabelText(/^Price/)).toBeNull();
    await user.selectOptions(screen.getByLabelText('Amount in'), 'USDT');
    await user.type(screen.getByLabelText(/^Total/), '4');
    expect(screen.getByText('The order total must be at least 5.000000 USDT.')).toBeTruthy();
  });
});
