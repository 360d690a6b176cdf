import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Req,
  UseGuards,
} from '@nestjs/common';

import { type AuthRequest, clientIp, type SessionPrincipal, SessionUser } from '../auth/principal';
import { Session } from '../auth/session.guard';
import { RateLimitGuard } from '../rate-limit/rate-limit.guard';
import {
  auditLimitSchema,
  changePasswordBodySchema,
  confirmMfaBodySchema,
  createApiKeyBodySchema,
  disableMfaBodySchema,
  faucetBodySchema,
  idParamSchema,
  loginBodySchema,
  refreshBodySchema,
  signUpBodySchema,
  updateApiKeyBodySchema,
  withdrawalBodySchema,
} from './account-body.schema';
import { AccountService, clientInfo } from './account.service';
import { parseBody } from './service-error.mapper';

const client = (request: AuthRequest, userAgent: string | undefined) =>
  clientInfo(clientIp(request), userAgent);

/** `/api/v1/auth/*`: sign-up, login (with its MFA step), token refresh, logout (see docs/api-v1.md). */
@Controller('api/v1/auth')
@UseGuards(RateLimitGuard)
export class AuthController {
  constructor(private readonly account: AccountService) {}

  @Post('sign-up')
  signUp(@Body() body: unknown, @Req() request: AuthRequest, @Headers('user-agent') userAgent?: string) {
    return this.account.signUp(parseBody(signUpBodySchema, body), client(request, userAgent));
  }

  @Post('login')
  @HttpCode(200)
  login(@Body() body: unknown, @Req() request: AuthRequest, @Headers('user-agent') userAgent?: string) {
    return this.account.login(parseBody(loginBodySchema, body), client(request, userAgent));
  }

  @Post('refresh')
  @HttpCode(200)
  refresh(@Body() body: unknown, @Req() request: AuthRequest, @Headers('user-agent') userAgent?: string) {
    return this.account.refresh(parseBody(refreshBodySchema, body).refreshToken, client(request, userAgent));
  }

  @Post('logout')
  @HttpCode(200)
  logout(@Body() body: unknown) {
    return this.account.logout(parseBody(refreshBodySchema, body).refreshToken);
  }

  @Post('logout-everywhere')
  @HttpCode(200)
  @Session()
  logoutEverywhere(@SessionUser() session: SessionPrincipal) {
    return this.account.logoutEverywhere(session);
  }

  @Post('change-password')
  @HttpCode(200)
  @Session()
  changePassword(@SessionUser() session: SessionPrincipal, @Body() body: unknown) {
    return this.account.changePassword(session, parseBody(changePasswordBodySchema, body));
  }
}

/** `/api/v1` sessions, audit log, MFA, API keys and funds of the logged-in user. */
@Controller('api/v1')
@UseGuards(RateLimitGuard)
export class AccountController {
  constructor(private readonly account: AccountService) {}

  @Get('me')
  @Session()
  me(@SessionUser() session: SessionPrincipal) {
    return { userId: session.userId, sessionId: session.sessionId };
  }

  @Get('sessions')
  @Session()
  sessions(@SessionUser() session: SessionPrincipal) {
    return this.account.sessions(session);
  }

  @Delete('sessions/:sessionId')
  @Session()
  revokeSession(@SessionUser() session: SessionPrincipal, @Param('sessionId') sessionId: string) {
    return this.account.revokeSession(session, parseBody(idParamSchema, sessionId));
  }

  @Get('audit-log')
  @Session()
  auditLog(@SessionUser() session: SessionPrincipal, @Query('limit') limit?: string) {
    return this.account.auditLog(
      session,
      limit === undefined ? undefined : parseBody(auditLimitSchema, limit),
    );
  }

  @Post('mfa/enrol')
  @HttpCode(200)
  @Session()
  enrolMfa(@SessionUser() session: SessionPrincipal) {
    return this.account.enrolMfa(session);
  }

  @Post('mfa/confirm')
  @HttpCode(200)
  @Session()
  confirmMfa(@SessionUser() session: SessionPrincipal, @Body() body: unknown) {
    return this.account.confirmMfa(session, parseBody(confirmMfaBodySchema, body).code);
  }

  @Post('mfa/disable')
  @HttpCode(200)
  @Session()
  disableMfa(@SessionUser() session: SessionPrincipal, @Body() body: unknown) {
    return this.account.disableMfa(session, parseBody(disableMfaBodySchema, body));
  }

  @Get('api-keys')
  @Session()
  apiKeys(@SessionUser() session: SessionPrincipal) {
    return this.account.apiKeys(session);
  }

  @Post('api-keys')
  @Session()
  createApiKey(@SessionUser() session: SessionPrincipal, @Body() body: unknown) {
    return this.account.createApiKey(session, parseBody(createApiKeyBodySchema, body));
  }

  /** Its label, permissions and IP allow-list, with a fresh TOTP code (docs/api-v1.md). */
  @Patch('api-keys/:id')
  @Session()
  updateApiKey(@SessionUser() session: SessionPrincipal, @Param('id') id: string, @Body() body: unknown) {
    return this.account.updateApiKey(
      session,
      parseBody(idParamSchema, id),
      parseBody(updateApiKeyBodySchema, body),
    );
  }

  @Delete('api-keys/:id')
  @Session()
  revokeApiKey(@SessionUser() session: SessionPrincipal, @Param('id') id: string) {
    return this.account.revokeApiKey(session, parseBody(idParamSchema, id));
  }

  @Get('balances')
  @Session()
  balances(@SessionUser() session: SessionPrincipal) {
    return this.account.balances(session);
  }

  @Post('deposits/faucet')
  @Session()
  faucet(@SessionUser() session: SessionPrincipal, @Body() body: unknown) {
    return this.account.faucetDeposit(session, parseBody(faucetBodySchema, body));
  }

  @Post('withdrawals')
  @Session()
  withdraw(@SessionUser() session: SessionPrincipal, @Body() body: unknown) {
    return this.account.requestWithdrawal(session, parseBody(withdrawalBodySchema, body));
  }
}
