import { Injectable } from '@nestjs/common';

import { type AssetsReply } from '@exchange/shared-contracts';
import { formatDecimal } from '@exchange/shared-domain-money';
import { InjectConfig } from '@exchange/shared-util-config';

import { ChainWatcherService } from '../chain/chain-watcher.service';
import { type WalletConfig } from '../config/wallet.config';
import { approvalLimit } from '../funds/withdrawal-approval.policy';
import { ReferenceDataRepository } from './reference-data.repository';

/**
 * Every asset with the deposit and withdrawal rules the wallet applies to it: the confirmations the chain watcher
 * credits a deposit at (its own rule, so the two never disagree) and the limit above which a withdrawal waits for an
 * operator (the rule `needsApproval` reads).
 */
@Injectable()
export class AssetSettingsService {
  constructor(
    private readonly reference: ReferenceDataRepository,
    private readonly chainWatcher: ChainWatcherService,
    @InjectConfig() private readonly config: WalletConfig,
  ) {}

  async assets(): Promise<AssetsReply> {
    const assets = [...(await this.reference.assets()).values()].sort((a, b) =>
      a.code < b.code ? -1 : a.code > b.code ? 1 : 0,
    );
    return {
      assets: assets.map((asset) => {
        const limit = approvalLimit(this.config.WALLET_WITHDRAWAL_APPROVAL_ABOVE, asset);
        return {
          asset: asset.code,
          decimals: asset.decimals,
          enabled: asset.enabled,
          depositConfirmations: this.chainWatcher.requiredConfirmations(asset.code),
          withdrawalApprovalAbove: limit === undefined ? null : formatDecimal(limit, asset.decimals),
        };
      }),
    };
  }
}
