import { Controller, UseFilters } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';

import {
  marketStatusRequestSchema,
  type MarketStatusReply,
  WALLET_SUBJECTS,
} from '@exchange/shared-contracts';

import { parsePayload } from '../common/parse-payload';
import { WalletSubject } from '../common/wallet-subject.decorator';
import { WalletRpcExceptionFilter } from '../errors/wallet-rpc-exception.filter';
import { MarketStatusService } from './market-status.service';

/** Operators' market administration over NATS request/reply (`exchangectl market …`). */
@Controller()
@UseFilters(WalletRpcExceptionFilter)
export class MarketsController {
  constructor(private readonly marketStatus: MarketStatusService) {}

  @WalletSubject(WALLET_SUBJECTS.cmd.setMarketStatus)
  setStatus(@Payload() payload: unknown): Promise<MarketStatusReply> {
    return this.marketStatus.setStatus(parsePayload(marketStatusRequestSchema, payload));
  }
}
