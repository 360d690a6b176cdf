import {
  applyDecorators,
  type CanActivate,
  type ExecutionContext,
  Injectable,
  UseGuards,
} from '@nestjs/common';

import { BinanceApiError, BinanceErrorCode } from '../binance/binance-error-code';
import { JwksRepository } from './jwks.repository';
import { type AuthRequest } from './principal';

/**
 * A browser session's route: `Authorization: Bearer <access JWT>`, verified here with the users service's public
 * key (no round trip). The handler reads the user with `@Caller()` or `@SessionUser()`.
 */
export const Session = () => applyDecorators(UseGuards(SessionGuard));

@Injectable()
export class SessionGuard implements CanActivate {
  constructor(private readonly jwks: JwksRepository) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthRequest>();
    const header = request.headers['authorization'];
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9._~+/=-]{1,4096})$/.exec(header) : null;
    const claims = match ? await this.jwks.verify(match[1]!) : null;
    if (!match || !claims) {
      throw new BinanceApiError(
        BinanceErrorCode.REJECTED_MBX_KEY,
        'Missing, invalid or expired access token.',
        401,
      );
    }
    request.principal = { via: 'SESSION', ...claims, accessToken: match[1]! };
    return true;
  }
}
