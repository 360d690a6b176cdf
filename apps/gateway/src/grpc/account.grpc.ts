import { Injectable } from '@nestjs/common';

import { type WalletBalance } from '@exchange/shared-contracts';
import {
  type AccountServiceHandlers,
  type Balance,
  ExecutionType,
  type GetBalancesResponse,
  type StreamAccountUpdatesResponse,
} from '@exchange/shared-contracts-grpc';

import { type ApiKeyPrincipal } from '../auth/api-key-authenticator';
import { RequestParams } from '../auth/request-params';
import { mapOrder } from '../trading/binance-order.mapper';
import { TradingService } from '../trading/trading.service';
import { GrpcCalls, READ } from './grpc-calls';
import { toOrder } from './order.mapper';
import { type UserEvent, UserEventsRepository } from './user-events.repository';

/** The proto's name of a wallet execution type; one the proto does not name yet reaches clients as UNSPECIFIED. */
function executionTypeOf(walletType: string): ExecutionType {
  const name = `EXECUTION_TYPE_${walletType}`;
  return Object.hasOwn(ExecutionType, name) ? (name as ExecutionType) : 'EXECUTION_TYPE_UNSPECIFIED';
}

const toBalance = (b: WalletBalance): Balance => ({ asset: b.asset, free: b.available, locked: b.held });

/**
 * `exchange.account.v1.AccountService`: balances as `GET /api/v3/account` reads them, and a stream of the caller's
 * order executions and balance changes from the wallet's `user.<id>.*` facts, released when the stream ends.
 */
@Injectable()
export class AccountGrpcService {
  constructor(
    private readonly calls: GrpcCalls,
    private readonly trading: TradingService,
    private readonly events: UserEventsRepository,
  ) {}

  handlers(): AccountServiceHandlers {
    return {
      GetBalances: this.calls.unary(READ, 20, async (_r, c): Promise<GetBalancesResponse> => ({
        balances: await this.balances(c.principal!),
      })),
      StreamAccountUpdates: this.calls.serverStream<object, StreamAccountUpdatesResponse>(
        READ,
        20,
        async (_r, c, sink) => {
          const principal = c.principal!;
          // Listening starts before the balances are read, so that no change falls between the two.
          let pending: UserEvent[] | undefined = [];
          const stop = await this.events.listen(principal.userId, (event) => {
            if (pending) pending.push(event);
            else sink.push(toMessage(event));
          });
          sink.onEnd(stop);
          const balances = await this.balances(principal);
          sink.push({ balances: { balances, eventTimeMs: String(Date.now()) } });
          const early = pending;
          pending = undefined;
          for (const event of early) sink.push(toMessage(event));
        },
      ),
    };
  }

  private async balances(principal: ApiKeyPrincipal): Promise<Balance[]> {
    const account = await this.trading.account(principal, RequestParams.fromValues({}));
    return account.balances;
  }
}

function toMessage(event: UserEvent): StreamAccountUpdatesResponse {
  if (event.kind === 'balance') {
    return {
      balances: { balances: event.update.balances.map(toBalance), eventTimeMs: String(event.update.ts) },
    };
  }
  const { update } = event;
  return {
    order: {
      executionType: executionTypeOf(update.executionType),
      order: toOrder(mapOrder(update.order)),
      fill: update.fill
        ? {
            tradeId: String(update.fill.id),
            price: update.fill.price,
            qty: update.fill.qty,
            commission: update.fill.commission,
            commissionAsset: update.fill.commissionAsset,
          }
        : null,
      isMaker: update.fill?.isMaker ?? false,
      rejectReason: update.rejectReason ?? '',
      eventTimeMs: String(update.ts),
      prevention: update.prevention
        ? {
            preventedMatchId: String(update.prevention.preventedMatchId),
            counterOrderId: update.prevention.counterOrderNo,
            price: update.prevention.price,
            quantity: update.prevention.quantity ?? '',
            quoteQuantity: update.prevention.quoteQuantity ?? '',
          }
        : null,
    },
  };
}
