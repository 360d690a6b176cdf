import {
  applyDecorators,
  type CanActivate,
  type ExecutionContext,
  Injectable,
  UseGuards,
} from '@nestjs/common';

import { ApiKeyAuthenticator } from '../auth/api-key-authenticator';
import { type AuthRequest, clientIp } from '../auth/principal';

/**
 * Binance's `USER_STREAM` security: `X-MBX-APIKEY` only, no signature. The key must be live and the caller's IP on
 * its allow-list (`ApiKeyAuthenticator.identify`); any permission will do. The handler reads the key's owner with
 * `@Caller()`.
 */
export const ApiKeyOnly = () => applyDecorators(UseGuards(ApiKeyGuard));

@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly authenticator: ApiKeyAuthenticator) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthRequest>();
    request.principal = await this.authenticator.identify(request.headers['x-mbx-apikey'], clientIp(request));
    return true;
  }
}
