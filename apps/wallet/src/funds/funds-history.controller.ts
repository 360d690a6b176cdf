import { Controller, UseFilters } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';

import {
  depositsRequestSchema,
  pendingWithdrawalsRequestSchema,
  reviewWithdrawalRequestSchema,
  WALLET_SUBJECTS,
  withdrawalsRequestSchema,
} from '@exchange/shared-contracts';

import { parsePayload } from '../common/parse-payload';
import { WalletSubject } from '../common/wallet-subject.decorator';
import { WalletRpcExceptionFilter } from '../errors/wallet-rpc-exception.filter';
import { FundsHistoryService } from './funds-history.service';

/** Deposit and withdrawal history, and the operators' approval of withdrawals, over NATS request/reply. */
@Controller()
@UseFilters(WalletRpcExceptionFilter)
export class FundsHistoryController {
  constructor(private readonly history: FundsHistoryService) {}

  @WalletSubject(WALLET_SUBJECTS.query.deposits)
  deposits(@Payload() payload: unknown) {
    return this.history.deposits(parsePayload(depositsRequestSchema, payload));
  }

  @WalletSubject(WALLET_SUBJECTS.query.withdrawals)
  withdrawals(@Payload() payload: unknown) {
    return this.history.withdrawals(parsePayload(withdrawalsRequestSchema, payload));
  }

  @WalletSubject(WALLET_SUBJECTS.query.pendingWithdrawals)
  pending(@Payload() payload: unknown) {
    return this.history.pending(parsePayload(pendingWithdrawalsRequestSchema, payload ?? {}));
  }

  @WalletSubject(WALLET_SUBJECTS.cmd.approveWithdrawal)
  approve(@Payload() payload: unknown) {
    return this.history.approve(parsePayload(reviewWithdrawalRequestSchema, payload));
  }

  @WalletSubject(WALLET_SUBJECTS.cmd.rejectWithdrawal)
  reject(@Payload() payload: unknown) {
    return this.history.reject(parsePayload(reviewWithdrawalRequestSchema, payload));
  }
}
