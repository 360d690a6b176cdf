import { Injectable } from '@nestjs/common';

import {
  cmdSubject,
  type MarketStatusReply,
  type MarketStatusRequest,
  type MatchingCommandMessage,
  WALLET_RPC_ERRORS,
} from '@exchange/shared-contracts';
import { WalletErrorCode } from '@exchange/wallet-domain';

import { ClockRepository } from '../common/clock.repository';
import { UnitOfWork } from '../common/unit-of-work.repository';
import { WalletError } from '../errors/wallet.error';
import { OutboxRelayService } from '../outbox/outbox-relay.service';
import { OutboxRepository } from '../outbox/outbox.repository';
import { ReferenceDataRepository } from '../reference/reference-data.repository';
import { type MarketStatusChangeRow, MarketStatusRepository } from './market-status.repository';

/**
 * An operator's market status change (halt, resume, cancel-only). The wallet owns the market table, so the change
 * is made here: in one transaction the market row gets the status, `market_status_change` records who, why and
 * when, and the engine's `status` command goes into the outbox (message id = command id). The relay publishes
 * outbox rows in id order, so the engine gets the command after the orders the wallet accepted before it; orders
 * accepted after it are refused by intake (2904), and any that raced it are rejected by the engine, whose event
 * releases their holds. A repeat of the command id changes nothing and answers what the first did.
 */
@Injectable()
export class MarketStatusService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly markets: MarketStatusRepository,
    private readonly outbox: OutboxRepository,
    private readonly relay: OutboxRelayService,
    private readonly reference: ReferenceDataRepository,
    private readonly clock: ClockRepository,
  ) {}

  async setStatus(request: MarketStatusRequest): Promise<MarketStatusReply> {
    const subject = cmdSubject(request.market);
    const outcome = await this.uow.run(async (tx) => {
      const current = await this.markets.lockStatus(tx, request.market);
      if (current === undefined) {
        throw new WalletError(WALLET_RPC_ERRORS.UNKNOWN_MARKET, `unknown market ${request.market}`);
      }
      const earlier = await this.markets.change(tx, request.commandId);
      if (earlier) return { change: checkRepeat(earlier, request), duplicate: true };

      const change: MarketStatusChangeRow = {
        commandId: request.commandId,
        market: request.market,
        status: request.status,
        previousStatus: current,
        ...(request.reason !== undefined ? { reason: request.reason } : {}),
        ...(request.requestedBy !== undefined ? { requestedBy: request.requestedBy } : {}),
        changedAt: this.clock.now(),
      };
      if (!(await this.markets.insertChange(tx, change))) throw idConflict(request.commandId);
      await this.markets.setStatus(tx, request.market, request.status);
      const command: MatchingCommandMessage = {
        v: 1,
        market: request.market,
        commandId: request.commandId,
        command: { type: 'status', status: request.status, ts: change.changedAt },
      };
      // Sent even when the status does not change: it brings an engine that missed a change back in line.
      const queued = await this.outbox.add(tx, { messageId: request.commandId, subject, payload: command });
      if (!queued) throw idConflict(request.commandId);
      return { change, duplicate: false };
    });
    if (!outcome.duplicate) {
      this.reference.invalidate();
      this.relay.wake();
    }
    const { change, duplicate } = outcome;
    return {
      market: change.market,
      status: change.status,
      previousStatus: change.previousStatus,
      commandId: change.commandId,
      subject,
      changedAt: change.changedAt,
      duplicate,
    };
  }
}

/** A repeated command id must name the same change. */
function checkRepeat(earlier: MarketStatusChangeRow, request: MarketStatusRequest): MarketStatusChangeRow {
  if (earlier.market !== request.market || earlier.status !== request.status) {
    throw new WalletError(
      WalletErrorCode.IDEMPOTENCY_CONFLICT,
      `command id ${request.commandId} already set ${earlier.market} to ${earlier.status}`,
    );
  }
  return earlier;
}

function idConflict(commandId: string): WalletError {
  return new WalletError(WalletErrorCode.IDEMPOTENCY_CONFLICT, `command id ${commandId} is already used`);
}
