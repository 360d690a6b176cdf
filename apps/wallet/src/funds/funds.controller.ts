import { Controller, UseFilters } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';

import {
  balancesRequestSchema,
  completeWithdrawalRequestSchema,
  confirmDepositRequestSchema,
  failWithdrawalRequestSchema,
  faucetDepositRequestSchema,
  reconcileRequestSchema,
  requestWithdrawalRequestSchema,
  WALLET_SUBJECTS,
} from '@exchange/shared-contracts';

import { parsePayload } from '../common/parse-payload';
import { WalletSubject } from '../common/wallet-subject.decorator';
import { WalletRpcExceptionFilter } from '../errors/wallet-rpc-exception.filter';
import { LedgerQueryService } from '../reconciliation/ledger-query.service';
import { FundsService } from './funds.service';

/** Deposits, withdrawals, balances and reconciliation over NATS request/reply. */
@Controller()
@UseFilters(WalletRpcExceptionFilter)
export class FundsController {
  constructor(
    private readonly funds: FundsService,
    private readonly queries: LedgerQueryService,
  ) {}

  @WalletSubject(WALLET_SUBJECTS.cmd.faucetDeposit)
  faucet(@Payload() payload: unknown) {
    return this.funds.faucet(parsePayload(faucetDepositRequestSchema, payload));
  }

  @WalletSubject(WALLET_SUBJECTS.cmd.confirmDeposit)
  confirmDeposit(@Payload() payload: unknown) {
    return this.funds.confirmDeposit(parsePayload(confirmDepositRequestSchema, payload));
  }

  @WalletSubject(WALLET_SUBJECTS.cmd.requestWithdrawal)
  requestWithdrawal(@Payload() payload: unknown) {
    return this.funds.requestWithdrawal(parsePayload(requestWithdrawalRequestSchema, payload));
  }

  @WalletSubject(WALLET_SUBJECTS.cmd.completeWithdrawal)
  completeWithdrawal(@Payload() payload: unknown) {
    return this.funds.completeWithdrawal(parsePayload(completeWithdrawalRequestSchema, payload));
  }

  @WalletSubject(WALLET_SUBJECTS.cmd.failWithdrawal)
  failWithdrawal(@Payload() payload: unknown) {
    return this.funds.failWithdrawal(parsePayload(failWithdrawalRequestSchema, payload));
  }

  @WalletSubject(WALLET_SUBJECTS.query.balances)
  balances(@Payload() payload: unknown) {
    return this.queries.balances(parsePayload(balancesRequestSchema, payload).userId);
  }

  @WalletSubject(WALLET_SUBJECTS.query.reconcile)
  reconcile(@Payload() payload: unknown) {
    parsePayload(reconcileRequestSchema, payload ?? {});
    return this.queries.reconcile();
  }
}
