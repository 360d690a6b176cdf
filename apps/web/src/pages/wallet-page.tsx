import { type FormEvent, useId, useMemo, useState } from 'react';

import { type Withdrawal } from '../api/account-api';
import { errorMessage } from '../api/http';
import { fetchTickers } from '../api/market-api';
import { useApp } from '../app-context';
import { applyToBalances } from '../lib/account-events';
import { add, dec, formatAmount, mul, parseDec, toFixed, ZERO } from '../lib/decimal';
import { useAccountData } from '../lib/use-account-data';
import { useAsync } from '../lib/use-async';

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

/** Balances with their value in USDT, the demo faucet, and withdrawals confirmed with an MFA code. */
export function WalletPage() {
  const { api, accountVersion } = useApp();
  const balances = useAccountData(
    () => api.balances(),
    (data, event) => ({ balances: applyToBalances(data.balances, event) }),
    [api, accountVersion],
  );
  const tickers = useAsync(() => fetchTickers(), [accountVersion]);
  const decimals = useAssetDecimals();
  const digits = (asset: string) => decimals[asset] ?? 8;

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
            Total ≈ {toFixed(totalValue, 2)} {VALUE_ASSET}
          </span>
        </header>
        {balances.error && <p role="alert">{balances.error}</p>}
        <div className="table-scroll">
          <table aria-label="Balances">
            <thead>
              <tr>
                <th scope="col">Asset</th>
                <th scope="col" className="num">
                  Available
                </th>
                <th scope="col" className="num">
                  In orders
                </th>
                <th scope="col" className="num">
                  Total
                </th>
                <th scope="col" className="num">
                  Value ({VALUE_ASSET})
                </th>
              </tr>
            </thead>
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
      <section className="panel" aria-labelledby="deposit-title">
        <header className="panel-header">
          <h2 id="deposit-title">Deposit</h2>
        </header>
        <p className="muted">
          On-chain deposit addresses and the deposit history are not offered by this exchange yet; use the
          demo faucet.
        </p>
      </section>
      <WithdrawForm assets={Object.keys(decimals)} />
    </div>
  );
}

function FaucetForm({ assets }: { assets: string[] }) {
  const { api, accountChanged } = useApp();
  const id = useId();
  const [asset, setAsset] = useState('USDT');
  const [amount, setAmount] = useState('10000');
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string }>();

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
        <label>
          Asset
          <select value={asset} onChange={(e) => setAsset(e.target.value)}>
            {assets.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </label>
        <label>
          Amount
          <input inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
        </label>
        <button type="submit" className="primary">
          Claim demo funds
        </button>
      </form>
      {message && (
        <p role="status" className={message.tone === 'ok' ? 'ok' : 'field-error'}>
          {message.text}
        </p>
      )}
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
  const [requests, setRequests] = useState<Withdrawal[]>([]);
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string }>();
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
      setRequests((list) => [result, ...list]);
      setMessage({
        tone: 'ok',
        text: `Withdrawal of ${result.amount} ${result.asset} requested (${result.status}).`,
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
        <label>
          Asset
          <select value={asset} onChange={(e) => setAsset(e.target.value)}>
            {assets.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </label>
        <label>
          Amount
          <input inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
        </label>
        <label>
          Address
          <input value={address} onChange={(e) => setAddress(e.target.value)} autoComplete="off" />
        </label>
        <label>
          Authenticator code
          <input
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            value={mfaCode}
            onChange={(e) => setMfaCode(e.target.value.trim())}
          />
        </label>
        <button type="submit" className="primary">
          Withdraw
        </button>
      </form>
      {message && (
        <p role="status" className={message.tone === 'ok' ? 'ok' : 'field-error'}>
          {message.text}
        </p>
      )}
      {requests.length > 0 && (
        <table aria-label="Withdrawals requested">
          <thead>
            <tr>
              <th scope="col">Asset</th>
              <th scope="col" className="num">
                Amount
              </th>
              <th scope="col">Address</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {requests.map((w) => (
              <tr key={w.withdrawalId}>
                <td>{w.asset}</td>
                <td className="num">{w.amount}</td>
                <td className="truncate">{w.address}</td>
                <td>{w.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
