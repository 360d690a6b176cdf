import { Module } from '@nestjs/common';

import { TradingModule } from '../trading/trading.module';
import { ApiKeyGuard } from './api-key.guard';
import { ListenKeyEventsRepository } from './listen-key-events.repository';
import { ListenKeyRepository } from './listen-key.repository';
import { UserStreamController, UserStreamSessionController } from './user-stream.controller';
import { UserStreamService } from './user-stream.service';

/** Listen keys for the user-data stream (served by `StreamsModule` at `/ws/<listenKey>`). Needs `AuthModule`. */
@Module({
  imports: [TradingModule],
  controllers: [UserStreamController, UserStreamSessionController],
  providers: [ApiKeyGuard, ListenKeyRepository, ListenKeyEventsRepository, UserStreamService],
})
export class UserStreamModule {}
