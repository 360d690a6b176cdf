import { Module } from '@nestjs/common';

import { TradingModule } from '../trading/trading.module';
import { AccountController, AuthController } from './account.controller';
import { AccountService } from './account.service';
import { TradingSessionController } from './trading-session.controller';

/** `/api/v1` for the web frontend (docs/api-v1.md). Needs `AuthModule`. */
@Module({
  imports: [TradingModule],
  controllers: [AuthController, AccountController, TradingSessionController],
  providers: [AccountService],
})
export class AccountModule {}
