import { availableAccount, heldAccount, venueAccount } from './account-key.model';
import {
  JournalTransactionBuilder,
  type JournalTransaction,
  validateTransaction,
} from './journal-transaction.builder';
import { WalletErrorCode } from './wallet-error-code.enum';

describe(JournalTransactionBuilder.name, () => {
  const avail = availableAccount('u1', 'BTC');
  const held = heldAccount('u1', 'BTC');

  it('builds a frozen, balanced transaction and skips zero amounts', () => {
    const sut = new JournalTransactionBuilder('t-1', 'ORDER_HOLD')
      .transfer(avail, held, 5n)
      .transfer(held, avail, 0n);
    const result = sut.build();
    expect(result).toEqual({
      ok: true,
      value: {
        id: 't-1',
        kind: 'ORDER_HOLD',
        entries: [
          { account: avail, amount: -5n },
          { account: held, amount: 5n },
        ],
      },
    });
    const transaction = (result as { value: JournalTransaction }).value;
    expect(Object.isFrozen(transaction)).toBe(true);
    expect(Object.isFrozen(transaction.entries)).toBe(true);
    expect(Object.isFrozen(transaction.entries[0])).toBe(true);
  });

  it('refuses entries that do not sum to zero per asset', () => {
    const sut = new JournalTransactionBuilder('t-2', 'TRADE')
      .entry(avail, -5n)
      .entry(availableAccount('u2', 'USDT'), 5n);
    expect(sut.build()).toMatchObject({ ok: false, code: WalletErrorCode.UNBALANCED_TRANSACTION });
  });

  it('refuses an empty transaction', () => {
    expect(new JournalTransactionBuilder('t-3', 'TRADE').transfer(avail, held, 0n).build()).toMatchObject({
      ok: false,
      code: WalletErrorCode.EMPTY_TRANSACTION,
    });
  });

  it('refuses negative transfers, cross-asset transfers, self transfers and bad ids, reporting the first', () => {
    const build = (f: (b: JournalTransactionBuilder) => JournalTransactionBuilder, id = 't') =>
      f(new JournalTransactionBuilder(id, 'TRADE')).build();
    expect(build((b) => b.transfer(avail, held, -1n))).toMatchObject({
      code: WalletErrorCode.INVALID_AMOUNT,
    });
    expect(build((b) => b.transfer(avail, venueAccount('FEES', 'USDT'), 1n))).toMatchObject({
      code: WalletErrorCode.INVALID_ACCOUNT,
    });
    expect(build((b) => b.transfer(avail, avail, 1n))).toMatchObject({
      code: WalletErrorCode.SAME_ACCOUNT_TRANSFER,
    });
    expect(build((b) => b.transfer(avail, held, 1n), 'has space')).toMatchObject({
      code: WalletErrorCode.INVALID_TRANSACTION_ID,
    });
    expect(build((b) => b.transfer(avail, held, -1n).transfer(avail, avail, 1n))).toMatchObject({
      code: WalletErrorCode.INVALID_AMOUNT,
    });
  });
});

describe(validateTransaction.name, () => {
  it('rejects a hand-built transaction with a zero or non-bigint entry', () => {
    const account = availableAccount('u1', 'BTC');
    expect(validateTransaction({ id: 'x', kind: 'TRADE', entries: [{ account, amount: 0n }] })).toMatchObject(
      { ok: false, code: WalletErrorCode.INVALID_AMOUNT },
    );
    expect(
      validateTransaction({ id: 'x', kind: 'TRADE', entries: [{ account, amount: 1 as unknown as bigint }] }),
    ).toMatchObject({ ok: false, code: WalletErrorCode.INVALID_AMOUNT });
  });
});
