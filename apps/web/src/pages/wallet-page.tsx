import { type FormEvent, useCallback, useEffect, useId, useMemo, useState } from 'react';

import { errorMessage } from '../api/http';
import { fetchTickers } from '../api/market-api';
import { useApp } from '../app-context';
import { applyToBalances } from '../lib/account-events';
import { add, dec, formatAmount, mul, parseDec, toFixed, ZERO } from '../lib/decimal';
import { depositPending, withdrawalEnded, withdrawStateText } from '../lib/funds-history';
import { useAccountData } from '../lib/use-account-data';
import { useAsync } from '../lib/use-async';
import { AssetSelect } from '../ui/asset-select';
import { AuthenticatorCodeField } from '../ui/authenticator-code-field';
import { DepositAddressPanel } from '../ui/deposit-address-panel';
import { FormMessage, type FormOutcome } from '../ui/form-message';
import { DepositHistoryTable, WithdrawalHistoryTable } from '../ui/funds-history-tables';
import { TableHeader } from '../ui/table-header';

const VALUE_ASSET = 'USDT';

/** Decimals per asset, as the markets list them. */
function useAssetDecimals(): Record<string, number> {
  const { markets } = useApp();
  return useMemo(() => {
    const decimals: Record<string, number> = {};
    for (const m of markets) {
      decimals[m.baseAsset] = m.baseDecimals;
      decimals[m.quoteAsset] = m.quoteDecimals;
    }
    return decimals;
  }, [markets]);
}

/** How many of the newest deposits and withdrawals the page lists. */
const HISTORY_ROWS = 50;
/** How often the history re-reads while a deposit waits for confirmations or a withdrawal is on its way. */
const IN_PROGRESS_POLL_MS = 2_000;

/**
 * The deposit and withdrawal history, read again after each own action and reconnect (`accountVersion`), each
 * `balanceUpdate` and `outboundAccountPosition` of the user stream (the wallet sends one for every deposit and
 * withdrawal, docs/gateway.md, and for a chain deposit it has just seen or a withdrawal it has sent), and every 2 s
 * while a deposit or a sent withdrawal waits for confirmations.
 */
function useFundsHistory() {
  const { api, accountVersion, userStream } = useApp();
  const [updates, setUpdates] = useState(0);
  useEffect(
    () =>
      userStream.subscribe({
        onEvent: (event) => {
          // A chain deposit detected (pending, nothing credited yet) comes as an outboundAccountPosition only.
          if (event.e === 'balanceUpdate' || event.e === 'outboundAccountPosition') setUpdates((n) => n + 1);
        },
      }),
    [userStream],
  );
  const [ticks, setTicks] = useState(0);
  const deposits = useAsync(() => api.deposits(HISTORY_ROWS), [api, accountVersion, updates, ticks]);
  const withdrawals = useAsync(() => api.withdrawals(HISTORY_ROWS), [api, accountVersion, updates, ticks]);
  // Confirmations are not pushed on the user stream: while something is on its way, read again now and then.
  const inProgress =
    (deposits.data ?? []).some(depositPending) ||
    (withdrawals.data ?? []).some((w) => Boolean(w.txId) && !withdrawalEnded(w.status));
  useEffect(() => {
    if (!inProgress) return;
    const timer = setTimeout(() => setTicks((n) => n + 1), IN_PROGRESS_POLL_MS);
    return () => clearTimeout(timer);
  }, [inProgress, deposits.data, withdrawals.data]);
  return { deposits, withdrawals };
}

/** Balances with their value in USDT, the demo faucet, withdrawals confirmed with an MFA code, and their history. */
export function WalletPage() {
  const { api, accountVersion, accountChanged } = useApp();
  const loadAddress = useCallback((asset: string) => api.depositAddress(asset), [api]);
  const simulate = useCallback((asset: string, amount: string) => api.simulateDeposit(asset, amount), [api]);
  const balances = useAccountData(
    () => api.balances(),
    (data, event) => ({ balances: applyToBalances(data.balances, event) }),
    [api, accountVersion],
  );
  const tickers = useAsync(() => fetchTickers(), [accountVersion]);
  const decimals = useAssetDecimals();
  const digits = (asset: string) => decimals[asset] ?? 8;
  const history = useFundsHistory();

  const priceIn = (asset: string) =>
    asset === VALUE_ASSET ? '1' : tickers.data?.find((t) => t.symbol === `${asset}${VALUE_ASSET}`)?.lastPrice;
  const rows = (balances.data?.balances ?? []).map((b) => {
    const price = priceIn(b.asset);
    const value = price && parseDec(price) ? mul(dec(b.total), dec(price)) : undefined;
    return { ...b, value };
  });
  const totalValue = rows.reduce((sum, r) => (r.value ? add(sum, r.value) : sum), ZERO);

  return (
    <div className="stack">
      <h1>Wallet</h1>
      <section className="panel" aria-labelledby="balances-title">
        <header className="panel-header">
          <h2 id="balances-title">Balances</h2>
          <span className="muted">
            Total ≈ {formatAmount(toFixed(totalValue, 2), 2)} {VALUE_ASSET}
          </span>
        </header>
        {balances.error && <p role="alert">{balances.error}</p>}
        <div className="table-scroll">
          <table aria-label="Balances">
            <TableHeader
              columns={[
                'Asset',
                { label: 'Available', numeric: true },
                { label: 'In orders', numeric: true },
                { label: 'Total', numeric: true },
                { label: `Value (${VALUE_ASSET})`, numeric: true },
              ]}
            />
            <tbody>
              {rows.map((b) => (
                <tr key={b.asset} data-asset={b.asset}>
                  <th scope="row">{b.asset}</th>
                  <td className="num">{formatAmount(b.free, digits(b.asset))}</td>
                  <td className="num">{formatAmount(b.locked, digits(b.asset))}</td>
                  <td className="num">{formatAmount(b.total, digits(b.asset))}</td>
                  <td className="num">{b.value ? formatAmount(toFixed(b.value, 2), 2) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {rows.length === 0 && !balances.error && (
          <p className="muted">No balances yet: claim demo funds below.</p>
        )}
      </section>
      <FaucetForm assets={Object.keys(decimals)} />
      <DepositAddressPanel
        assets={Object.keys(decimals)}
        loadAddress={loadAddress}
        simulate={simulate}
        describeError={errorMessage}
        onSimulated={accountChanged}
      />
      <section className="panel" aria-labelledby="deposit-history-title">
        <header className="panel-header">
          <h2 id="deposit-history-title">Deposit history</h2>
        </header>
        {history.deposits.error && <p role="alert">{history.deposits.error}</p>}
        {history.deposits.data && <DepositHistoryTable rows={history.deposits.data} digits={digits} />}
      </section>
      <WithdrawForm assets={Object.keys(decimals)} />
      <section className="panel" aria-labelledby="withdrawal-history-title">
        <header className="panel-header">
          <h2 id="withdrawal-history-title">Withdrawal history</h2>
        </header>
        {history.withdrawals.error && <p role="alert">{history.withdrawals.error}</p>}
        {history.withdrawals.data && (
          <WithdrawalHistoryTable rows={history.withdrawals.data} digits={digits} />
        )}
      </section>
    </div>
  );
}

function FaucetForm({ assets }: { assets: string[] }) {
  const { api, accountChanged } = useApp();
  const id = useId();
  const [asset, setAsset] = useState('USDT');
  const [amount, setAmount] = useState('10000');
  const [message, setMessage] = useState<FormOutcome>();

  async function claim(event: FormEvent) {
    event.preventDefault();
    if (!parseDec(amount)) return setMessage({ tone: 'error', text: 'Enter a positive amount.' });
    try {
      await api.faucet(asset, amount.trim());
      setMessage({ tone: 'ok', text: `${amount} ${asset} added to your balance.` });
      accountChanged();
    } catch (error) {
      setMessage({ tone: 'error', text: errorMessage(error) });
    }
  }

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <header className="panel-header">
        <h2 id={`${id}-title`}>Demo funds</h2>
      </header>
      <form className="row-form" onSubmit={(e) => void claim(e)}>
        <AssetSelect label="Asset" assets={assets} value={asset} onChange={setAsset} />
        <label>
          Amount
          <input inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
        </label>
        <button type="submit" className="primary">
          Claim demo funds
        </button>
      </form>
      <FormMessage message={message} />
    </section>
  );
}

function WithdrawForm({ assets }: { assets: string[] }) {
  const { api, accountChanged } = useApp();
  const id = useId();
  const [asset, setAsset] = useState('USDT');
  const [amount, setAmount] = useState('');
  const [address, setAddress] = useState('');
  const [mfaCode, setMfaCode] = useState('');
  const [message, setMessage] = useState<FormOutcome>();
  // One key per filled-in request: a retry after a network error cannot withdraw twice.
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());

  async function withdraw(event: FormEvent) {
    event.preventDefault();
    if (!parseDec(amount)) return setMessage({ tone: 'error', text: 'Enter a positive amount.' });
    if (address.trim() === '') return setMessage({ tone: 'error', text: 'Enter the destination address.' });
    if (!/^\d{6}$/.test(mfaCode))
      return setMessage({ tone: 'error', text: 'Enter the 6-digit code from your authenticator app.' });
    try {
      const result = await api.withdraw({
        asset,
        amount: amount.trim(),
        address: address.trim(),
        mfaCode,
        idempotencyKey,
      });
      setMessage({
        tone: 'ok',
        text: `Withdrawal of ${result.amount} ${result.asset} requested (${withdrawStateText(result.status)}).`,
      });
      setAmount('');
      setMfaCode('');
      setIdempotencyKey(crypto.randomUUID());
      accountChanged();
    } catch (error) {
      setMessage({ tone: 'error', text: errorMessage(error) });
    }
  }

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <header className="panel-header">
        <h2 id={`${id}-title`}>Withdraw</h2>
      </header>
      <form className="row-form" onSubmit={(e) => void withdraw(e)}>
        <AssetSelect label="Asset" assets={assets} value={asset} onChange={setAsset} />
        <label>
          Amount
          <input inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
        </label>
        <label>
          Address
          <input value={address} onChange={(e) => setAddress(e.target.value)} autoComplete="off" />
        </label>
        <AuthenticatorCodeField value={mfaCode} onChange={(code) => setMfaCode(code.trim())} />
        <button type="submit" className="primary">
          Withdraw
        </button>
      </form>
      <FormMessage message={message} />
    </section>
  );
}
