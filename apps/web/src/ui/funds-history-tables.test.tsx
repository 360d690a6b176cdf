import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { formatDateTime } from '../lib/format';
import {
  binanceTimeMs,
  type DepositRow,
  depositStatusText,
  withdrawStateText,
  withdrawStatusText,
  type WithdrawRow,
} from '../lib/funds-history';
import { DepositHistoryTable, WithdrawalHistoryTable } from './funds-history-tables';

const DIGITS: Record<string, number> = { BTC: 6, USDT: 2 };
const digits = (asset: string) => DIGITS[asset] ?? 8;

const withdrawal = (id: string, status: number, more: Partial<WithdrawRow> = {}): WithdrawRow => ({
  id,
  amount: '25.00000000',
  transactionFee: '1',
  coin: 'USDT',
  status,
  address: `addr-${id}`,
  applyTime: '2026-11-26 03:04:05',
  info: '',
  ...more,
});

/** The cells of each body row, as text. */
function bodyRows(table: HTMLElement): string[][] {
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) =>
      within(row)
        .getAllByRole('cell')
        .map((cell) => cell.textContent ?? ''),
    );
}

describe('status wording', () => {
  it("names each of Binance's withdrawal status numbers the gateway uses", () => {
    expect([2, 4, 6, 5, 3].map(withdrawStatusText)).toEqual([
      'Awaiting approval',
      'Processing',
      'Completed',
      'Failed',
      'Rejected',
    ]);
    expect(withdrawStatusText(9)).toBe('Unknown (9)');
  });

  it("words the wallet's state names as the history does", () => {
    expect(
      ['PENDING_APPROVAL', 'REQUESTED', 'SENT', 'COMPLETED', 'FAILED', 'REJECTED', 'ODD'].map(
        withdrawStateText,
      ),
    ).toEqual(['Awaiting approval', 'Processing', 'Processing', 'Completed', 'Failed', 'Rejected', 'ODD']);
  });

  it('names deposit statuses', () => {
    expect(depositStatusText(1)).toBe('Credited');
    expect(depositStatusText(0)).toBe('Pending');
    expect(depositStatusText(7)).toBe('Reverted: the transfer left the chain, nothing credited');
    expect(depositStatusText(42)).toBe('Unknown (42)');
  });

  it("reads Binance's UTC time form and refuses others", () => {
    expect(binanceTimeMs('2026-11-26 03:04:05')).toBe(Date.UTC(2026, 10, 26, 3, 4, 5));
    expect(binanceTimeMs('2026-11-26T03:04:05Z')).toBeNaN();
  });
});

describe(DepositHistoryTable.name, () => {
  it('lists deposits in the given order with the asset precision, the source and the status in words', () => {
    const rows: DepositRow[] = [
      {
        id: 'd2',
        amount: '0.5',
        coin: 'BTC',
        status: 1,
        txId: 'ab12:0',
        insertTime: Date.UTC(2026, 10, 26, 2),
      },
      { id: 'd1', amount: '10000', coin: 'USDT', status: 1, txId: '', insertTime: Date.UTC(2026, 10, 25, 1) },
    ];
    render(<DepositHistoryTable rows={rows} digits={digits} />);
    const table = screen.getByRole('table', { name: 'Deposit history' });
    expect(bodyRows(table)).toEqual([
      [formatDateTime(Date.UTC(2026, 10, 26, 2)), 'BTC', '0.500000', 'ab12:0', 'Credited'],
      [formatDateTime(Date.UTC(2026, 10, 25, 1)), 'USDT', '10,000.00', 'Demo faucet', 'Credited'],
    ]);
  });

  it('shows a chain deposit waiting for confirmations with its count', () => {
    const rows: DepositRow[] = [
      {
        id: 'd3',
        amount: '0.4',
        coin: 'BTC',
        status: 0,
        txId: 'cd34:1',
        insertTime: Date.UTC(2026, 10, 26, 4),
        confirmTimes: '2/3',
      },
    ];
    render(<DepositHistoryTable rows={rows} digits={digits} />);
    expect(bodyRows(screen.getByRole('table', { name: 'Deposit history' }))[0]).toEqual([
      formatDateTime(Date.UTC(2026, 10, 26, 4)),
      'BTC',
      '0.400000',
      'cd34:1',
      'Pending (2/3 confirmations)',
    ]);
  });

  it('shows a chain deposit a reorg took away as reverted, without its count', () => {
    const rows: DepositRow[] = [
      {
        id: 'd4',
        amount: '0.4',
        coin: 'BTC',
        status: 7,
        txId: 'ef56:0',
        insertTime: Date.UTC(2026, 10, 26, 5),
        confirmTimes: '0/3',
      },
    ];
    render(<DepositHistoryTable rows={rows} digits={digits} />);
    expect(bodyRows(screen.getByRole('table', { name: 'Deposit history' }))[0]).toEqual([
      formatDateTime(Date.UTC(2026, 10, 26, 5)),
      'BTC',
      '0.400000',
      'ef56:0',
      'Reverted: the transfer left the chain, nothing credited',
    ]);
  });

  it('says when there are none', () => {
    render(<DepositHistoryTable rows={[]} digits={digits} />);
    expect(screen.queryByRole('table')).toBeNull();
    screen.getByText('No deposits yet.');
  });
});

describe(WithdrawalHistoryTable.name, () => {
  it('shows each status in words, the address, the fee, and the reason of a failure or rejection', () => {
    const rows = [
      withdrawal('w5', 2),
      withdrawal('w6', 4, { txId: 'ff00', confirmNo: 2 }),
      withdrawal('w4', 4),
      withdrawal('w3', 6, { completeTime: '2026-11-26 03:10:00' }),
      withdrawal('w2', 5, { info: 'node unreachable', completeTime: '2026-11-26 03:11:00' }),
      withdrawal('w1', 3, {
        info: 'address on a deny list',
        amount: '0.1',
        coin: 'BTC',
        transactionFee: '0.0005',
      }),
    ];
    render(<WithdrawalHistoryTable rows={rows} digits={digits} />);
    const table = screen.getByRole('table', { name: 'Withdrawal history' });
    const applied = formatDateTime(Date.UTC(2026, 10, 26, 3, 4, 5));
    expect(bodyRows(table)).toEqual([
      [applied, 'USDT', '25.00', '1.00', 'addr-w5', 'Awaiting approval'],
      [applied, 'USDT', '25.00', '1.00', 'addr-w6', 'Processing (sent, 2 confirmations)'],
      [applied, 'USDT', '25.00', '1.00', 'addr-w4', 'Processing'],
      [
        applied,
        'USDT',
        '25.00',
        '1.00',
        'addr-w3',
        `Completed (${formatDateTime(Date.UTC(2026, 10, 26, 3, 10))})`,
      ],
      [
        applied,
        'USDT',
        '25.00',
        '1.00',
        'addr-w2',
        `Failed: node unreachable (${formatDateTime(Date.UTC(2026, 10, 26, 3, 11))})`,
      ],
      [applied, 'BTC', '0.100000', '0.000500', 'addr-w1', 'Rejected: address on a deny list'],
    ]);
  });

  it('shows a time it cannot read as it came', () => {
    render(<WithdrawalHistoryTable rows={[withdrawal('w1', 4, { applyTime: 'soon' })]} digits={digits} />);
    expect(bodyRows(screen.getByRole('table', { name: 'Withdrawal history' }))[0]![0]).toBe('soon');
  });

  it('says when there are none', () => {
    render(<WithdrawalHistoryTable rows={[]} digits={digits} />);
    expect(screen.queryByRole('table')).toBeNull();
    screen.getByText('No withdrawals yet.');
  });
});
