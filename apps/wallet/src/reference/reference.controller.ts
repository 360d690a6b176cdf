import { Controller, UseFilters } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';

import {
  assetsRequestSchema,
  type AssetsReply,
  marketsRequestSchema,
  type MarketsReply,
  WALLET_SUBJECTS,
} from '@exchange/shared-contracts';

import { parsePayload } from '../common/parse-payload';
import { WalletSubject } from '../common/wallet-subject.decorator';
import { WalletRpcExceptionFilter } from '../errors/wallet-rpc-exception.filter';
import { AssetSettingsService } from './asset-settings.service';
import { ReferenceDataRepository } from './reference-data.repository';

/** Reference data for the gateway (`exchangeInfo`) and the other services. */
@Controller()
@UseFilters(WalletRpcExceptionFilter)
export class ReferenceController {
  constructor(
    private readonly reference: ReferenceDataRepository,
    private readonly assetSettings: AssetSettingsService,
  ) {}

  @WalletSubject(WALLET_SUBJECTS.query.assets)
  assets(@Payload() payload: unknown): Promise<AssetsReply> {
    parsePayload(assetsRequestSchema, payload ?? {});
    return this.assetSettings.assets();
  }

  @WalletSubject(WALLET_SUBJECTS.query.markets)
  async markets(@Payload() payload: unknown): Promise<MarketsReply> {
    parsePayload(marketsRequestSchema, payload ?? {});
    return { markets: await this.reference.marketSettings() };
  }
}
