import { type FormEvent, useEffect, useId, useState } from 'react';

import { isZero, parseDec } from '../lib/decimal';
import { type DepositAddress } from '../lib/funds-history';
import { AssetSelect } from './asset-select';
import { FormMessage, type FormOutcome } from './form-message';

interface DepositAddressPanelProps {
  assets: string[];
  /** The user's address for an asset (`GET /api/v1/deposits/address`). */
  loadAddress(asset: string): Promise<DepositAddress>;
  /** Demo chain: sends the user `amount` of `asset` (`POST /api/v1/deposits/simulate`); resolves when accepted. */
  simulate(asset: string, amount: string): Promise<unknown>;
  /** Puts text on the clipboard (the browser's by default). */
  copy?(text: string): Promise<void>;
  /** Why a request failed, in words. */
  describeError(error: unknown): string;
  /** Called after a simulated transfer was accepted (the history re-reads). */
  onSimulated?(): void;
}

const clipboardCopy = (text: string) => navigator.clipboard.writeText(text);

/**
 * The user's deposit address for the chosen asset, with a copy button, and the demo chain's "send me some": a
 * transfer to that address that shows up in the deposit history as pending, counts its confirmations, and is
 * credited at the threshold.
 */
export function DepositAddressPanel({
  assets,
  loadAddress,
  simulate,
  copy = clipboardCopy,
  describeError,
  onSimulated,
}: DepositAddressPanelProps) {
  const id = useId();
  const [asset, setAsset] = useState(assets[0] ?? 'BTC');
  const [shown, setShown] = useState(false);
  const [address, setAddress] = useState<DepositAddress>();
  const [error, setError] = useState<string>();
  const [copied, setCopied] = useState<string>();
  const [amount, setAmount] = useState('0.1');
  const [message, setMessage] = useState<FormOutcome>();

  useEffect(() => {
    if (!assets.includes(asset) && assets[0]) setAsset(assets[0]);
  }, [assets, asset]);

  // Loaded when asked for (then again for each asset chosen): a wallet without a chain has no addresses to give.
  useEffect(() => {
    if (!shown) return;
    let live = true;
    setAddress(undefined);
    setError(undefined);
    setCopied(undefined);
    loadAddress(asset).then(
      (a) => live && setAddress(a),
      (e: unknown) => live && setError(describeError(e)),
    );
    return () => {
      live = false;
    };
  }, [shown, asset, loadAddress, describeError]);

  async function copyAddress() {
    if (!address) return;
    try {
      await copy(address.address);
      setCopied('Address copied.');
    } catch {
      setCopied('Copying failed: select the address and copy it by hand.');
    }
  }

  async function send(event: FormEvent) {
    event.preventDefault();
    const parsed = parseDec(amount.trim());
    if (!parsed || isZero(parsed)) return setMessage({ tone: 'error', text: 'Enter a positive amount.' });
    try {
      await simulate(asset, amount.trim());
      setMessage({
        tone: 'ok',
        text: `${amount.trim()} ${asset} sent to your address: it shows below as pending until it has its confirmations.`,
      });
      onSimulated?.();
    } catch (e) {
      setMessage({ tone: 'error', text: describeError(e) });
    }
  }

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <header className="panel-header">
        <h2 id={`${id}-title`}>Deposit</h2>
      </header>
      <div className="row-form">
        <AssetSelect label="Deposit asset" assets={assets} value={asset} onChange={setAsset} />
        {shown ? (
          <>
            <label>
              Deposit address
              <input readOnly value={address?.address ?? ''} placeholder={error ? '' : 'Loading…'} />
            </label>
            <button
              type="button"
              onClick={() => void copyAddress()}
              disabled={!address}
              aria-label="Copy deposit address"
            >
              Copy
            </button>
          </>
        ) : (
          <button type="button" className="primary" onClick={() => setShown(true)}>
            Show deposit address
          </button>
        )}
      </div>
      {error && <p role="alert">{error}</p>}
      {copied && <p role="status">{copied}</p>}
      {address && (
        <p className="muted">
          Send only {address.coin} on the {address.coin} network to this address. A deposit is credited once
          the chain has confirmed it enough times.
        </p>
      )}
      {address && (
        <form className="row-form" onSubmit={(e) => void send(e)}>
          <label>
            Simulated amount
            <input inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
          </label>
          <button type="submit">Simulate a chain deposit</button>
        </form>
      )}
      <FormMessage message={message} />
    </section>
  );
}
