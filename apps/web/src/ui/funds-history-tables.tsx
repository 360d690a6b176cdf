import { formatAmount } from '../lib/decimal';
import { formatDateTime } from '../lib/format';
import {
  binanceTimeMs,
  depositProgressText,
  type DepositRow,
  withdrawalEnded,
  withdrawStatusText,
  type WithdrawRow,
} from '../lib/funds-history';
import { TableHeader } from './table-header';

interface HistoryProps<Row> {
  rows: Row[];
  /** Decimals of an asset (its precision). */
  digits(asset: string): number;
}

/** A time as the API gives it (epoch ms, or Binance's `YYYY-MM-DD HH:mm:ss` UTC) in the reader's time zone. */
function timeText(value: number | string): string {
  const ms = typeof value === 'number' ? value : binanceTimeMs(value);
  return Number.isNaN(ms) ? String(value) : formatDateTime(ms);
}

/** The user's deposits, newest first (as the API lists them). */
export function DepositHistoryTable({ rows, digits }: HistoryProps<DepositRow>) {
  if (rows.length === 0) return <p className="muted">No deposits yet.</p>;
  return (
    <div className="table-scroll">
      <table aria-label="Deposit history">
        <TableHeader columns={['Time', 'Asset', { label: 'Amount', numeric: true }, 'Source', 'Status']} />
        <tbody>
          {rows.map((d) => (
            <tr key={d.id} data-deposit-id={d.id}>
              <td>{timeText(d.insertTime)}</td>
              <td>{d.coin}</td>
              <td className="num">{formatAmount(d.amount, digits(d.coin))}</td>
              <td className="truncate" title={d.txId || undefined}>
                {d.txId ? d.txId : 'Demo faucet'}
              </td>
              <td>{depositProgressText(d)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The user's withdrawals, newest first, with their status in words and the reason of a failure or rejection. */
export function WithdrawalHistoryTable({ rows, digits }: HistoryProps<WithdrawRow>) {
  if (rows.length === 0) return <p className="muted">No withdrawals yet.</p>;
  return (
    <div className="table-scroll">
      <table aria-label="Withdrawal history">
        <TableHeader
          columns={[
            'Time',
            'Asset',
            { label: 'Amount', numeric: true },
            { label: 'Network fee', numeric: true },
            'Address',
            'Status',
          ]}
        />
        <tbody>
          {rows.map((w) => (
            <tr key={w.id} data-withdrawal-id={w.id}>
              <td>{timeText(w.applyTime)}</td>
              <td>{w.coin}</td>
              <td className="num">{formatAmount(w.amount, digits(w.coin))}</td>
              <td className="num">{formatAmount(w.transactionFee, digits(w.coin))}</td>
              <td className="truncate" title={w.address}>
                {w.address}
              </td>
              <td>
                {withdrawStatusText(w.status)}
                {w.txId && !withdrawalEnded(w.status) ? ` (sent, ${w.confirmNo ?? 0} confirmations)` : ''}
                {w.info && withdrawalEnded(w.status) ? `: ${w.info}` : ''}
                {w.completeTime && <span className="muted"> ({timeText(w.completeTime)})</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
