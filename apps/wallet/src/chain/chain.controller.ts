import { Controller, UseFilters } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';

import {
  depositAddressRequestSchema,
  simMineRequestSchema,
  simReorgRequestSchema,
  simTransferRequestSchema,
  WALLET_SUBJECTS,
} from '@exchange/shared-contracts';

import { parsePayload } from '../common/parse-payload';
import { WalletSubject } from '../common/wallet-subject.decorator';
import { WalletRpcExceptionFilter } from '../errors/wallet-rpc-exception.filter';
import { ChainService } from './chain.service';

/** Deposit addresses, and the simulated chain's demo commands, over NATS request/reply. */
@Controller()
@UseFilters(WalletRpcExceptionFilter)
export class ChainController {
  constructor(private readonly chain: ChainService) {}

  @WalletSubject(WALLET_SUBJECTS.cmd.depositAddress)
  depositAddress(@Payload() payload: unknown) {
    return this.chain.depositAddress(parsePayload(depositAddressRequestSchema, payload));
  }

  @WalletSubject(WALLET_SUBJECTS.cmd.simTransfer)
  simTransfer(@Payload() payload: unknown) {
    return this.chain.simTransfer(parsePayload(simTransferRequestSchema, payload));
  }

  @WalletSubject(WALLET_SUBJECTS.cmd.simMine)
  simMine(@Payload() payload: unknown) {
    return this.chain.simMine(parsePayload(simMineRequestSchema, payload ?? {}));
  }

  @WalletSubject(WALLET_SUBJECTS.cmd.simReorg)
  simReorg(@Payload() payload: unknown) {
    return this.chain.simReorg(parsePayload(simReorgRequestSchema, payload));
  }
}
