import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';

import { type Level } from '../lib/order-book';
import { BTCUSDT } from '../lib/test-markets';
import { OrderBookView } from './order-book-view';

const bids: Level[] = [
  ['30000.57', '0.5000'],
  ['30000.12', '0.2500'],
  ['29999.99', '1.0000'],
];
const asks: Level[] = [
  ['30001.10', '0.1000'],
  ['30001.20', '0.3000'],
];

function Book({ onPickPrice }: { onPickPrice(price: string): void }) {
  const [step, setStep] = useState(BTCUSDT.tickSize);
  return (
    <OrderBookView
      rules={BTCUSDT}
      bids={bids}
      asks={asks}
      step={step}
      onStepChange={setStep}
      onPickPrice={onPickPrice}
    />
  );
}

function rows(name: 'Bids' | 'Asks') {
  const body = screen.getByRole('rowgroup', { name });
  return within(body)
    .getAllByRole('row')
    .map((row) =>
      within(row)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    );
}

describe(OrderBookView.name, () => {
  it('shows asks above bids, best prices next to the spread, with cumulative totals and depth shading', () => {
    render(<Book onPickPrice={vi.fn()} />);
    expect(rows('Asks')).toEqual([
      ['30,001.20', '0.3000', '0.4000'],
      ['30,001.10', '0.1000', '0.1000'],
    ]);
    expect(rows('Bids')).toEqual([
      ['30,000.57', '0.5000', '0.5000'],
      ['30,000.12', '0.2500', '0.7500'],
      ['29,999.99', '1.0000', '1.7500'],
    ]);
    const deepestBid = within(screen.getByRole('rowgroup', { name: 'Bids' })).getAllByRole('row')[2]!;
    expect(deepestBid.style.getPropertyValue('--depth')).toBe('100%');
  });

  it('groups by the chosen step', async () => {
    const user = userEvent.setup();
    render(<Book onPickPrice={vi.fn()} />);
    await user.selectOptions(screen.getByLabelText('Group prices by'), '1');
    expect(rows('Bids')).toEqual([
      ['30,000', '0.7500', '0.7500'],
      ['29,999', '1.0000', '1.7500'],
    ]);
    expect(rows('Asks')).toEqual([['30,002', '0.4000', '0.4000']]);
  });

  it('hands a price to the order form on click and from the keyboard', async () => {
    const user = userEvent.setup();
    const onPickPrice = vi.fn();
    render(<Book onPickPrice={onPickPrice} />);
    await user.click(screen.getByRole('button', { name: 'Ask 30,001.10: use this price' }));
    expect(onPickPrice).toHaveBeenLastCalledWith('30001.1');
    screen.getByRole('button', { name: 'Bid 30,000.12: use this price' }).focus();
    await user.keyboard('{Enter}');
    expect(onPickPrice).toHaveBeenLastCalledWith('30000.12');
  });

  it('says when the book is empty', () => {
    render(
      <OrderBookView
        rules={BTCUSDT}
        bids={[]}
        asks={[]}
        step="0.01"
        onStepChange={vi.fn()}
        onPickPrice={vi.fn()}
      />,
    );
    expect(screen.getByText('No orders in the book.')).toBeTruthy();
  });
});
