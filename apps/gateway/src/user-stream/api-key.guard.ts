import {
  applyDecorators,
  type CanActivate,
  type ExecutionContext,
  Injectable,
  UseGuards,
} from '@nestjs/common';

import { ApiKeyRepository } from '../auth/api-key.repository';
import { isIpAllowed } from '../auth/ip-allow-list';
import { type AuthRequest, clientIp } from '../auth/principal';
import { BinanceApiError, BinanceErrorCode } from '../binance/binance-error-code';
import { ClockRepository } from '../general/clock.repository';

/**
 * Binance's `USER_STREAM` security: `X-MBX-APIKEY` only, no signature. The key must be live and the caller's IP on
 * its allow-list; any permission will do. The handler reads the key's owner with `@Caller()`.
 */
export const ApiKeyOnly = () => applyDecorators(UseGuards(ApiKeyGuard));

@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly clock: ClockRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthRequest>();
    const header = request.headers['x-mbx-apikey'];
    if (typeof header !== 'string' || !/^[\x21-\x7e]{1,128}$/.test(header)) {
      throw new BinanceApiError(BinanceErrorCode.BAD_API_KEY_FMT, 'API-key format invalid.', 401);
    }
    const key = await this.keys.find(header);
    const live =
      key !== null &&
      (key.expiresAt === null || Date.parse(key.expiresAt) > this.clock.nowMs()) &&
      isIpAllowed(clientIp(request), key.ipAllowList);
    if (!live) {
      throw new BinanceApiError(
        BinanceErrorCode.REJECTED_MBX_KEY,
        'Invalid API-key, IP, or permissions for action.',
        401,
      );
    }
    request.principal = {
      via: 'API_KEY',
      userId: key.userId,
      apiKeyId: key.id,
      permissions: key.permissions,
    };
    return true;
  }
}
