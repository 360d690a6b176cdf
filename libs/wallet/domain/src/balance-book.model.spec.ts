import { unwrap } from '../test/wallet.fixtures';
import { availableAccount, heldAccount, venueAccount } from './account-key.model';
import { BalanceBook } from './balance-book.model';
import { buildFaucetDeposit } from './deposit.builder';
import { JournalTransactionBuilder } from './journal-transaction.builder';
import { WalletErrorCode } from './wallet-error-code.enum';

describe(BalanceBook.name, () => {
  let sut: BalanceBook;
  const avail = availableAccount('u1', 'BTC');
  const held = heldAccount('u1', 'BTC');

  beforeEach(() => {
    sut = new BalanceBook();
    unwrap(
      sut.apply(unwrap(buildFaucetDeposit({ depositId: 'd1', userId: 'u1', asset: 'BTC', amount: 100n }))),
    );
  });

  it('keeps running totals, EXTERNAL mirroring what came in', () => {
    expect(sut.balance(avail)).toBe(100n);
    expect(sut.balance(venueAccount('EXTERNAL', 'BTC'))).toBe(-100n);
    expect(sut.balance(venueAccount('DEPOSITS_IN_FLIGHT', 'BTC'))).toBe(0n);
    expect(sut.totalsByAsset()).toEqual(new Map([['BTC', 0n]]));
  });

  it('refuses, atomically, a transaction that would make a user account negative', () => {
    const transaction = unwrap(
      new JournalTransactionBuilder('h1', 'ORDER_HOLD')
        .transfer(venueAccount('EXTERNAL', 'USDT'), venueAccount('FEES', 'USDT'), 5n)
        .transfer(avail, held, 101n)
        .build(),
    );
    expect(sut.apply(transaction)).toMatchObject({ ok: false, code: WalletErrorCode.INSUFFICIENT_FUNDS });
    expect(sut.balance(avail)).toBe(100n);
    expect(sut.balance(venueAccount('FEES', 'USDT'))).toBe(0n);
    expect(sut.hasApplied('h1')).toBe(false);
  });

  it('refuses a transaction that would make a venue account other than EXTERNAL negative', () => {
    const transaction = unwrap(
      new JournalTransactionBuilder('f1', 'TRADE').transfer(venueAccount('FEES', 'BTC'), avail, 1n).build(),
    );
    expect(sut.apply(transaction)).toMatchObject({ ok: false, code: WalletErrorCode.INSUFFICIENT_FUNDS });
  });

  it('applies a repeated transaction once, and refuses an id reused for other entries', () => {
    const hold = unwrap(new JournalTransactionBuilder('h2', 'ORDER_HOLD').transfer(avail, held, 40n).build());
    expect(sut.apply(hold)).toEqual({ ok: true, value: { duplicate: false } });
    expect(sut.apply(hold)).toEqual({ ok: true, value: { duplicate: true } });
    expect(sut.balance(held)).toBe(40n);
    const other = unwrap(new JournalTransactionBuilder('h2', 'ORDER_HOLD').transfer(avail, held, 1n).build());
    expect(sut.apply(other)).toMatchObject({ ok: false, code: WalletErrorCode.IDEMPOTENCY_CONFLICT });
  });

  it('refuses an unbalanced hand-built transaction', () => {
    expect(sut.apply({ id: 'bad', kind: 'TRADE', entries: [{ account: avail, amount: 1n }] })).toMatchObject({
      ok: false,
      code: WalletErrorCode.UNBALANCED_TRANSACTION,
    });
  });
});
