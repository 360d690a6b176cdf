import { Controller, UseFilters } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';

import {
  cancelOrderRequestSchema,
  submitOrderRequestSchema,
  WALLET_SUBJECTS,
} from '@exchange/shared-contracts';

import { parsePayload } from '../common/parse-payload';
import { WalletSubject } from '../common/wallet-subject.decorator';
import { WalletRpcExceptionFilter } from '../errors/wallet-rpc-exception.filter';
import { OrderIntakeService } from './order-intake.service';

/** Order intake over NATS request/reply. */
@Controller()
@UseFilters(WalletRpcExceptionFilter)
export class OrdersController {
  constructor(private readonly intake: OrderIntakeService) {}

  @WalletSubject(WALLET_SUBJECTS.cmd.submitOrder)
  submit(@Payload() payload: unknown) {
    return this.intake.submit(parsePayload(submitOrderRequestSchema, payload));
  }

  @WalletSubject(WALLET_SUBJECTS.cmd.cancelOrder)
  cancel(@Payload() payload: unknown) {
    return this.intake.cancel(parsePayload(cancelOrderRequestSchema, payload));
  }
}
