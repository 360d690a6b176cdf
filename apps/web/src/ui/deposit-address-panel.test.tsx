import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { type DepositAddress } from '../lib/funds-history';
import { DepositAddressPanel } from './deposit-address-panel';

/** The wallet's answer per asset, as `GET /api/v1/deposits/address` gives it. */
const ADDRESSES: Record<string, string> = {
  BTC: 'sim1q00112233445566778899aabbccddeeff001122',
  ETH: 'sim1qffeeddccbbaa99887766554433221100ffeedd',
};

function setUp(options: { failAddress?: boolean; failCopy?: boolean } = {}) {
  const asked: string[] = [];
  const copied: string[] = [];
  const sent: [string, string][] = [];
  let simulated = 0;
  const loadAddress = async (asset: string): Promise<DepositAddress> => {
    asked.push(asset);
    if (options.failAddress) throw new Error('Deposits from a chain are not available.');
    return { address: ADDRESSES[asset]!, coin: asset, tag: '', url: '' };
  };
  render(
    <DepositAddressPanel
      assets={['BTC', 'ETH']}
      loadAddress={loadAddress}
      simulate={async (asset, amount) => {
        sent.push([asset, amount]);
      }}
      copy={async (text) => {
        if (options.failCopy) throw new Error('denied');
        copied.push(text);
      }}
      describeError={(e) => (e instanceof Error ? e.message : String(e))}
      onSimulated={() => simulated++}
    />,
  );
  return { asked, copied, sent, simulated: () => simulated };
}

/** Asks for the address, as the user does (nothing is loaded before). */
function showAddress() {
  fireEvent.click(screen.getByRole('button', { name: 'Show deposit address' }));
}

const addressField = () => screen.getByLabelText('Deposit address') as HTMLInputElement;

describe(DepositAddressPanel.name, () => {
  it('loads nothing until asked, then shows the address of the chosen asset and copies it', async () => {
    const sut = setUp();
    expect(sut.asked).toEqual([]);
    expect(screen.queryByLabelText('Deposit address')).toBeNull();
    showAddress();
    await waitFor(() => expect(addressField().value).toBe(ADDRESSES.BTC));
    expect(addressField().readOnly).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Copy deposit address' }));
    await screen.findByText('Address copied.');
    expect(sut.copied).toEqual([ADDRESSES.BTC]);

    fireEvent.change(screen.getByLabelText('Deposit asset'), { target: { value: 'ETH' } });
    await waitFor(() => expect(addressField().value).toBe(ADDRESSES.ETH));
    expect(sut.asked).toEqual(['BTC', 'ETH']);
    expect(screen.getByText(/Send only ETH on the ETH network/)).toBeTruthy();
  });

  it('sends a simulated transfer of the amount entered, and refuses a non-positive one', async () => {
    const sut = setUp();
    showAddress();
    await waitFor(() => expect(addressField().value).toBe(ADDRESSES.BTC));
    const amount = screen.getByLabelText('Simulated amount');
    fireEvent.change(amount, { target: { value: '0' } });
    fireEvent.click(screen.getByRole('button', { name: 'Simulate a chain deposit' }));
    await screen.findByText('Enter a positive amount.');
    expect(sut.sent).toEqual([]);

    fireEvent.change(amount, { target: { value: ' 0.25 ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Simulate a chain deposit' }));
    await screen.findByText(/0\.25 BTC sent to your address/);
    expect(sut.sent).toEqual([['BTC', '0.25']]);
    expect(sut.simulated()).toBe(1);
  });

  it('says why there is no address, and offers nothing to copy or send', async () => {
    setUp({ failAddress: true });
    showAddress();
    expect((await screen.findByRole('alert')).textContent).toBe('Deposits from a chain are not available.');
    expect((screen.getByRole('button', { name: 'Copy deposit address' }) as HTMLButtonElement).disabled).toBe(
      true,
    );
    expect(screen.queryByRole('button', { name: 'Simulate a chain deposit' })).toBeNull();
  });

  it('tells the user to copy by hand when the clipboard refuses', async () => {
    setUp({ failCopy: true });
    showAddress();
    await waitFor(() => expect(addressField().value).toBe(ADDRESSES.BTC));
    fireEvent.click(screen.getByRole('button', { name: 'Copy deposit address' }));
    await screen.findByText('Copying failed: select the address and copy it by hand.');
  });
});
