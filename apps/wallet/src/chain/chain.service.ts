import { Inject, Injectable } from '@nestjs/common';

import {
  type DepositAddressReply,
  type DepositAddressRequest,
  type SimChainReply,
  type SimMineRequest,
  type SimReorgRequest,
  type SimTransferReply,
  type SimTransferRequest,
  WALLET_RPC_ERRORS,
} from '@exchange/shared-contracts';
import { parseDecimal } from '@exchange/shared-domain-money';
import { WalletErrorCode } from '@exchange/wallet-domain';

import { UnitOfWork } from '../common/unit-of-work.repository';
import { WalletError } from '../errors/wallet.error';
import { MAX_AMOUNT_UNITS } from '../orders/order-request.mapper';
import { type AssetRecord, ReferenceDataRepository } from '../reference/reference-data.repository';
import { ChainFundsRepository } from './chain-funds.repository';
import { CHAIN_WATCHER, type ChainWatcher } from './chain-watcher.port';
import { ChainWatcherService } from './chain-watcher.service';
import { SimulatedChainRepository } from './simulated-chain.repository';

/** Deposit addresses (one per user and asset), and the simulated chain's commands for the demo and tests. */
@Injectable()
export class ChainService {
  constructor(
    @Inject(CHAIN_WATCHER) private readonly watcher: ChainWatcher | null,
    private readonly sim: SimulatedChainRepository,
    private readonly uow: UnitOfWork,
    private readonly chain: ChainFundsRepository,
    private readonly reference: ReferenceDataRepository,
    private readonly watcherService: ChainWatcherService,
  ) {}

  /** The user's address for the asset: created on the first request, the same ever after. */
  async depositAddress(request: DepositAddressRequest): Promise<DepositAddressReply> {
    // The request's own faults first: an unknown asset is refused as such whether or not a chain is configured.
    const asset = await this.enabledAsset(request.asset);
    const watcher = this.requireWatcher();
    const reply = (address: string) => ({ asset: asset.code, network: asset.code, address, tag: '' });
    const existing = await this.uow.run((tx) => this.chain.address(tx, request.userId, asset.code));
    if (existing) return reply(existing);
    const fresh = await watcher.newAddress(asset.code);
    // Two first requests at once: both insert, one address stays and both answer it.
    return reply(await this.uow.run((tx) => this.chain.claimAddress(tx, request.userId, asset.code, fresh)));
  }

  async simTransfer(request: SimTransferRequest): Promise<SimTransferReply> {
    const asset = await this.enabledAsset(request.asset);
    this.requireSimulated();
    const amount = parseDecimal(request.amount, asset.decimals, {
      allowExcessZeros: true,
      max: MAX_AMOUNT_UNITS,
    });
    if (!amount.ok) throw new WalletError(amount.code, `amount: ${amount.message}`);
    if (amount.value === 0n) throw new WalletError(WalletErrorCode.INVALID_AMOUNT, 'amount must be positive');
    return this.sim.transfer(asset.code, request.address, amount.value);
  }

  /** Mines the blocks, then runs a watcher pass so the caller sees their effect when the reply arrives. */
  async simMine(request: SimMineRequest): Promise<SimChainReply> {
    this.requireSimulated();
    const height = await this.sim.mine(request.blocks);
    await this.watcherService.runOnce();
    await this.watcherService.runOnce();
    return { height };
  }

  async simReorg(request: SimReorgRequest): Promise<SimChainReply> {
    this.requireSimulated();
    return { height: await this.sim.reorg(request.depth, request.drop) };
  }

  private requireWatcher(): ChainWatcher {
    if (!this.watcher) {
      throw new WalletError(WALLET_RPC_ERRORS.CHAIN_UNAVAILABLE, 'no chain watcher is configured');
    }
    return this.watcher;
  }

  private requireSimulated(): void {
    if (this.watcher !== this.sim) {
      throw new WalletError(WALLET_RPC_ERRORS.CHAIN_UNAVAILABLE, 'the simulated chain is not in use');
    }
  }

  private async enabledAsset(code: string): Promise<AssetRecord> {
    const asset = await this.reference.asset(code);
    if (!asset) throw new WalletError(WALLET_RPC_ERRORS.UNKNOWN_ASSET, `unknown asset ${code}`);
    if (!asset.enabled) throw new WalletError(WALLET_RPC_ERRORS.ASSET_DISABLED, `${code} is disabled`);
    return asset;
  }
}
