import { err, ok, type Result } from '@exchange/shared-domain-money';

import { WalletErrorCode } from './wallet-error-code.enum';

export type UserAccountKind = 'AVAILABLE' | 'HELD';

/**
 * Venue accounts, one per asset. `EXTERNAL` mirrors the outside world: it goes negative by what
 * users have brought in, so the sum over all accounts of an asset is always zero.
 */
export type VenueAccountKind = 'FEES' | 'DEPOSITS_IN_FLIGHT' | 'WITHDRAWALS_IN_FLIGHT' | 'EXTERNAL';

export const USER_ACCOUNT_KINDS: readonly UserAccountKind[] = ['AVAILABLE', 'HELD'];
export const VENUE_ACCOUNT_KINDS: readonly VenueAccountKind[] = [
  'FEES',
  'DEPOSITS_IN_FLIGHT',
  'WITHDRAWALS_IN_FLIGHT',
  'EXTERNAL',
];

export interface UserAccountKey {
  readonly owner: 'USER';
  readonly userId: string;
  readonly asset: string;
  readonly kind: UserAccountKind;
}

export interface VenueAccountKey {
  readonly owner: 'VENUE';
  readonly asset: string;
  readonly kind: VenueAccountKind;
}

export type AccountKey = UserAccountKey | VenueAccountKey;

/** An account and its balance in minor units of the account's asset. */
export interface AccountBalance {
  readonly account: AccountKey;
  readonly amount: bigint;
}

export const USER_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const ASSET_CODE_PATTERN = /^[A-Z0-9]{1,20}$/;

export function userAccount(userId: string, asset: string, kind: UserAccountKind): UserAccountKey {
  return Object.freeze({ owner: 'USER', userId, asset, kind });
}

export function availableAccount(userId: string, asset: string): UserAccountKey {
  return userAccount(userId, asset, 'AVAILABLE');
}

export function heldAccount(userId: string, asset: string): UserAccountKey {
  return userAccount(userId, asset, 'HELD');
}

export function venueAccount(kind: VenueAccountKind, asset: string): VenueAccountKey {
  return Object.freeze({ owner: 'VENUE', asset, kind });
}

/** A stable string id: `user:<userId>:<asset>:<kind>` or `venue:<kind>:<asset>`. */
export function accountId(account: AccountKey): string {
  return account.owner === 'USER'
    ? `user:${account.userId}:${account.asset}:${account.kind}`
    : `venue:${account.kind}:${account.asset}`;
}

/** Only the outside-world mirror may be negative; every user and other venue account stays ≥ 0. */
export function mayGoNegative(account: AccountKey): boolean {
  return account.owner === 'VENUE' && account.kind === 'EXTERNAL';
}

export function isSameAccount(a: AccountKey, b: AccountKey): boolean {
  return accountId(a) === accountId(b);
}

export function validateAccountKey(account: unknown): Result<AccountKey, WalletErrorCode> {
  const candidate = account as
    { owner?: unknown; userId?: unknown; asset?: unknown; kind?: unknown } | null | undefined;
  if (!candidate || typeof candidate.asset !== 'string' || !ASSET_CODE_PATTERN.test(candidate.asset)) {
    return err(WalletErrorCode.INVALID_ACCOUNT, `account asset must match ${ASSET_CODE_PATTERN}`);
  }
  if (candidate.owner === 'USER') {
    if (typeof candidate.userId !== 'string' || !USER_ID_PATTERN.test(candidate.userId)) {
      return err(WalletErrorCode.INVALID_ACCOUNT, `user id must match ${USER_ID_PATTERN}`);
    }
    if (!USER_ACCOUNT_KINDS.includes(candidate.kind as UserAccountKind)) {
      return err(
        WalletErrorCode.INVALID_ACCOUNT,
        `user account kind must be one of ${USER_ACCOUNT_KINDS.join(', ')}`,
      );
    }
    return ok(userAccount(candidate.userId, candidate.asset, candidate.kind as UserAccountKind));
  }
  if (candidate.owner === 'VENUE') {
    if (!VENUE_ACCOUNT_KINDS.includes(candidate.kind as VenueAccountKind)) {
      return err(
        WalletErrorCode.INVALID_ACCOUNT,
        `venue account kind must be one of ${VENUE_ACCOUNT_KINDS.join(', ')}`,
      );
    }
    return ok(venueAccount(candidate.kind as VenueAccountKind, candidate.asset));
  }
  return err(WalletErrorCode.INVALID_ACCOUNT, 'account owner must be USER or VENUE');
}
