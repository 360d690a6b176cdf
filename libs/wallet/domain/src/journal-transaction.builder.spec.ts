import { availableAccount, heldAccount, venueAccount } from './account-key.model';
import {
  checkTrustedParts,
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

describe('JournalTransactionBuilder.trusted', () => {
  const avail = availableAccount('u1', 'BTC');
  const held = heldAccount('u1', 'BTC');
  const fees = venueAccount('FEES', 'BTC');

  it('builds the same frozen transaction as the checking builder', () => {
    const build = (b: JournalTransactionBuilder) =>
      b.transfer(held, avail, 7n).transfer(avail, fees, 1n).transfer(held, avail, 0n).build();
    const trusted = build(JournalTransactionBuilder.trusted('t-1', 'TRADE'));
    expect(trusted).toEqual(build(new JournalTransactionBuilder('t-1', 'TRADE')));
    const transaction = (trusted as { value: JournalTransaction }).value;
    expect(validateTransaction(transaction)).toEqual({ ok: true, value: transaction });
    expect(Object.isFrozen(transaction.entries)).toBe(true);
    expect(Object.isFrozen(transaction.entries[0])).toBe(true);
  });

  it('still refuses bad amounts, cross-asset and self transfers, empty and unbalanced transactions', () => {
    const build = (f: (b: JournalTransactionBuilder) => JournalTransactionBuilder) =>
      f(JournalTransactionBuilder.trusted('t', 'TRADE')).build();
    expect(build((b) => b.transfer(avail, held, -1n))).toMatchObject({
      code: WalletErrorCode.INVALID_AMOUNT,
    });
    expect(build((b) => b.entry(avail, 1 as unknown as bigint))).toMatchObject({
      code: WalletErrorCode.INVALID_AMOUNT,
    });
    expect(build((b) => b.transfer(avail, venueAccount('FEES', 'USDT'), 1n))).toMatchObject({
      code: WalletErrorCode.INVALID_ACCOUNT,
    });
    expect(build((b) => b.transfer(avail, availableAccount('u1', 'BTC'), 1n))).toMatchObject({
      code: WalletErrorCode.SAME_ACCOUNT_TRANSFER,
    });
    expect(build((b) => b.transfer(fees, venueAccount('FEES', 'BTC'), 1n))).toMatchObject({
      code: WalletErrorCode.SAME_ACCOUNT_TRANSFER,
    });
    expect(build((b) => b.transfer(avail, availableAccount('u2', 'BTC'), 1n))).toMatchObject({ ok: true });
    expect(build((b) => b.transfer(avail, held, 0n))).toMatchObject({
      code: WalletErrorCode.EMPTY_TRANSACTION,
    });
    expect(build((b) => b.entry(avail, -5n).entry(availableAccount('u2', 'USDT'), 5n))).toMatchObject({
      code: WalletErrorCode.UNBALANCED_TRANSACTION,
    });
  });
});

describe(checkTrustedParts.name, () => {
  it('accepts valid parts and refuses a bad asset, user id or transaction id with the checking errors', () => {
    expect(checkTrustedParts('trade:BTC-USDT:1', ['u1', 'u_2-x'], ['BTC', 'USDT'])).toEqual({
      ok: true,
      value: true,
    });
    expect(checkTrustedParts('t', ['u1'], ['btc'])).toMatchObject({ code: WalletErrorCode.INVALID_ACCOUNT });
    expect(checkTrustedParts('t', ['u 1'], ['BTC'])).toMatchObject({ code: WalletErrorCode.INVALID_ACCOUNT });
    expect(checkTrustedParts('t', [''], ['BTC'])).toMatchObject({ code: WalletErrorCode.INVALID_ACCOUNT });
    expect(checkTrustedParts('has space', ['u1'], ['BTC'])).toMatchObject({
      code: WalletErrorCode.INVALID_TRANSACTION_ID,
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
