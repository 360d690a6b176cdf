import { Module } from '@nestjs/common';

import { TradingModule } from '../trading/trading.module';
import { CapitalController, CapitalSessionController } from './capital.controller';
import { CapitalService } from './capital.service';

/** Deposit and withdrawal history: `/sapi/v1/capital` (signed) and `/api/v1` (session). Needs `AuthModule`. */
@Module({
  imports: [TradingModule],
  controllers: [CapitalController, CapitalSessionController],
  providers: [CapitalService],
  // The partner gRPC API's FundingService (GrpcModule) serves the same routes through it.
  exports: [CapitalService],
})
export class FundsModule {}
