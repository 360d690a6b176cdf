import { Controller, type Type, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';

import {
  apiKeyLookupRequestSchema,
  changePasswordRequestSchema,
  apiKeysRequestSchema,
  auditLogRequestSchema,
  confirmMfaRequestSchema,
  createApiKeyRequestSchema,
  disableMfaRequestSchema,
  enrolMfaRequestSchema,
  jwksRequestSchema,
  loginRequestSchema,
  logoutEverywhereRequestSchema,
  logoutRequestSchema,
  refreshRequestSchema,
  revokeApiKeyRequestSchema,
  updateApiKeyRequestSchema,
  revokeSessionRequestSchema,
  sessionsRequestSchema,
  signUpRequestSchema,
  USERS_SUBJECTS,
  verifyMfaRequestSchema,
} from '@exchange/shared-contracts';
import { NatsNames } from '@exchange/shared-data-access-nats';

import { AccountsService } from '../accounts/accounts.service';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { MfaService } from '../mfa/mfa.service';
import { AuditLogService } from '../audit/audit-log.service';
import { SessionsService } from '../sessions/sessions.service';
import { parsePayload } from './parse-payload';
import { UsersRpcExceptionFilter } from './users-rpc-exception.filter';

/**
 * The users service's NATS request/reply handlers. Built per run prefix (`NATS_STREAM_PREFIX`; none in production),
 * like the runtime's status controller, so that each handler listens on `names.subject(USERS_SUBJECTS.x)`.
 * Handlers parse the payload with its contract, authenticate the caller from the access token, and delegate.
 */
export function usersRpcController(streamPrefix: string): Type {
  const names = new NatsNames(streamPrefix);
  const on = (subject: string) => MessagePattern(names.subject(subject));

  @Controller()
  @UseFilters(UsersRpcExceptionFilter)
  class UsersRpcController {
    constructor(
      private readonly accounts: AccountsService,
      private readonly sessions: SessionsService,
      private readonly mfa: MfaService,
      private readonly apiKeys: ApiKeysService,
      private readonly audit: AuditLogService,
    ) {}

    @on(USERS_SUBJECTS.signUp)
    signUp(@Payload() payload: unknown) {
      return this.accounts.signUp(parsePayload(signUpRequestSchema, payload));
    }

    @on(USERS_SUBJECTS.login)
    login(@Payload() payload: unknown) {
      return this.accounts.login(parsePayload(loginRequestSchema, payload));
    }

    @on(USERS_SUBJECTS.refresh)
    refresh(@Payload() payload: unknown) {
      const request = parsePayload(refreshRequestSchema, payload);
      return this.sessions.refresh(request.refreshToken, request.client);
    }

    @on(USERS_SUBJECTS.logout)
    async logout(@Payload() payload: unknown) {
      const request = parsePayload(logoutRequestSchema, payload);
      return { sessionsRevoked: await this.sessions.logout(request.refreshToken) };
    }

    @on(USERS_SUBJECTS.logoutEverywhere)
    async logoutEverywhere(@Payload() payload: unknown) {
      const request = parsePayload(logoutEverywhereRequestSchema, payload);
      const caller = await this.sessions.authenticate(request.accessToken);
      return { sessionsRevoked: await this.sessions.logoutEverywhere(caller) };
    }

    @on(USERS_SUBJECTS.revokeSession)
    async revokeSession(@Payload() payload: unknown) {
      const request = parsePayload(revokeSessionRequestSchema, payload);
      const caller = await this.sessions.authenticate(request.accessToken);
      return { sessionsRevoked: await this.sessions.revokeOne(caller, request.sessionId) };
    }

    @on(USERS_SUBJECTS.changePassword)
    async changePassword(@Payload() payload: unknown) {
      const request = parsePayload(changePasswordRequestSchema, payload);
      const caller = await this.sessions.authenticate(request.accessToken);
      return { otherSessionsRevoked: await this.accounts.changePassword(caller, request) };
    }

    @on(USERS_SUBJECTS.sessions)
    async listSessions(@Payload() payload: unknown) {
      const request = parsePayload(sessionsRequestSchema, payload);
      return { sessions: await this.sessions.list(await this.sessions.authenticate(request.accessToken)) };
    }

    @on(USERS_SUBJECTS.enrolMfa)
    async enrolMfa(@Payload() payload: unknown) {
      const request = parsePayload(enrolMfaRequestSchema, payload);
      return this.mfa.enrol(await this.sessions.authenticate(request.accessToken));
    }

    @on(USERS_SUBJECTS.confirmMfa)
    async confirmMfa(@Payload() payload: unknown) {
      const request = parsePayload(confirmMfaRequestSchema, payload);
      return this.mfa.confirm(await this.sessions.authenticate(request.accessToken), request.code);
    }

    @on(USERS_SUBJECTS.disableMfa)
    async disableMfa(@Payload() payload: unknown) {
      const request = parsePayload(disableMfaRequestSchema, payload);
      const caller = await this.sessions.authenticate(request.accessToken);
      await this.mfa.disable(caller, { code: request.code, recoveryCode: request.recoveryCode });
      return { mfaEnabled: false as const };
    }

    @on(USERS_SUBJECTS.verifyMfa)
    async verifyMfa(@Payload() payload: unknown) {
      const request = parsePayload(verifyMfaRequestSchema, payload);
      const caller = await this.sessions.authenticate(request.accessToken);
      await this.mfa.verify(
        caller,
        { code: request.code, recoveryCode: request.recoveryCode },
        request.purpose,
      );
      return { userId: caller.userId, verified: true as const };
    }

    @on(USERS_SUBJECTS.createApiKey)
    async createApiKey(@Payload() payload: unknown) {
      const request = parsePayload(createApiKeyRequestSchema, payload);
      return this.apiKeys.create(await this.sessions.authenticate(request.accessToken), request);
    }

    @on(USERS_SUBJECTS.updateApiKey)
    async updateApiKey(@Payload() payload: unknown) {
      const request = parsePayload(updateApiKeyRequestSchema, payload);
      return this.apiKeys.update(await this.sessions.authenticate(request.accessToken), request);
    }

    @on(USERS_SUBJECTS.revokeApiKey)
    async revokeApiKey(@Payload() payload: unknown) {
      const request = parsePayload(revokeApiKeyRequestSchema, payload);
      return this.apiKeys.revoke(await this.sessions.authenticate(request.accessToken), request.id);
    }

    @on(USERS_SUBJECTS.apiKeys)
    async listApiKeys(@Payload() payload: unknown) {
      const request = parsePayload(apiKeysRequestSchema, payload);
      return { keys: await this.apiKeys.list(await this.sessions.authenticate(request.accessToken)) };
    }

    @on(USERS_SUBJECTS.apiKey)
    lookupApiKey(@Payload() payload: unknown) {
      return this.apiKeys.lookup(parsePayload(apiKeyLookupRequestSchema, payload));
    }

    @on(USERS_SUBJECTS.jwks)
    jwks(@Payload() payload: unknown) {
      parsePayload(jwksRequestSchema, payload ?? {});
      return this.sessions.jwks();
    }

    @on(USERS_SUBJECTS.auditLog)
    async auditLog(@Payload() payload: unknown) {
      const request = parsePayload(auditLogRequestSchema, payload);
      const caller = await this.sessions.authenticate(request.accessToken);
      return { entries: await this.audit.list(caller, request.limit ?? 50) };
    }
  }
  return UsersRpcController;
}
