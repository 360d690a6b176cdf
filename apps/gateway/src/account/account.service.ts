import { randomUUID } from 'node:crypto';
import { isIP } from 'node:net';

import { Injectable } from '@nestjs/common';
import { type z } from 'zod';

import {
  apiKeysReplySchema,
  apiKeyViewSchema,
  auditLogReplySchema,
  balancesReplySchema,
  changePasswordReplySchema,
  confirmMfaReplySchema,
  createApiKeyReplySchema,
  depositReplySchema,
  disableMfaReplySchema,
  enrolMfaReplySchema,
  logoutReplySchema,
  sessionsReplySchema,
  signUpReplySchema,
  tokenPairSchema,
  type UsersClientInfo,
  USERS_SUBJECTS,
  verifyMfaReplySchema,
  WALLET_SUBJECTS,
  withdrawalReplySchema,
} from '@exchange/shared-contracts';

import { type SessionPrincipal } from '../auth/principal';
import { ServiceClientRepository } from '../services/service-client.repository';
import { toApiV1Error } from './service-error.mapper';

/** What the gateway tells the users service about the client (session list, audit log). */
export function clientInfo(ip: string, userAgent: string | undefined): UsersClientInfo {
  return {
    ...(isIP(ip) !== 0 && { ip }),
    ...(userAgent && { device: userAgent.slice(0, 256) }),
  };
}

/**
 * `/api/v1` accounts, sessions, MFA, API keys and funds: each call forwards the caller's access token (the users
 * service re-checks it and its session) or user id (the wallet), so a user only ever reaches their own records.
 */
@Injectable()
export class AccountService {
  constructor(private readonly services: ServiceClientRepository) {}

  signUp(body: { email: string; password: string }, client: UsersClientInfo) {
    return this.ask(USERS_SUBJECTS.signUp, { ...body, client }, signUpReplySchema);
  }

  login(
    body: { email: string; password: string; mfaCode?: string; recoveryCode?: string },
    client: UsersClientInfo,
  ) {
    return this.ask(USERS_SUBJECTS.login, { ...body, client }, tokenPairSchema);
  }

  refresh(refreshToken: string, client: UsersClientInfo) {
    return this.ask(USERS_SUBJECTS.refresh, { refreshToken, client }, tokenPairSchema);
  }

  logout(refreshToken: string) {
    return this.ask(USERS_SUBJECTS.logout, { refreshToken }, logoutReplySchema);
  }

  logoutEverywhere(session: SessionPrincipal) {
    return this.ask(USERS_SUBJECTS.logoutEverywhere, { accessToken: session.accessToken }, logoutReplySchema);
  }

  changePassword(
    session: SessionPrincipal,
    body: { currentPassword: string; newPassword: string; mfaCode?: string; recoveryCode?: string },
  ) {
    return this.ask(
      USERS_SUBJECTS.changePassword,
      { ...body, accessToken: session.accessToken },
      changePasswordReplySchema,
    );
  }

  sessions(session: SessionPrincipal) {
    return this.ask(USERS_SUBJECTS.sessions, { accessToken: session.accessToken }, sessionsReplySchema);
  }

  revokeSession(session: SessionPrincipal, sessionId: string) {
    return this.ask(
      USERS_SUBJECTS.revokeSession,
      { accessToken: session.accessToken, sessionId },
      logoutReplySchema,
    );
  }

  auditLog(session: SessionPrincipal, limit: number | undefined) {
    return this.ask(
      USERS_SUBJECTS.auditLog,
      { accessToken: session.accessToken, ...(limit !== undefined && { limit }) },
      auditLogReplySchema,
    );
  }

  enrolMfa(session: SessionPrincipal) {
    return this.ask(USERS_SUBJECTS.enrolMfa, { accessToken: session.accessToken }, enrolMfaReplySchema);
  }

  confirmMfa(session: SessionPrincipal, code: string) {
    return this.ask(
      USERS_SUBJECTS.confirmMfa,
      { accessToken: session.accessToken, code },
      confirmMfaReplySchema,
    );
  }

  disableMfa(session: SessionPrincipal, body: { code?: string; recoveryCode?: string }) {
    return this.ask(
      USERS_SUBJECTS.disableMfa,
      { ...body, accessToken: session.accessToken },
      disableMfaReplySchema,
    );
  }

  apiKeys(session: SessionPrincipal) {
    return this.ask(USERS_SUBJECTS.apiKeys, { accessToken: session.accessToken }, apiKeysReplySchema);
  }

  createApiKey(session: SessionPrincipal, body: Record<string, unknown>) {
    return this.ask(
      USERS_SUBJECTS.createApiKey,
      { ...body, accessToken: session.accessToken },
      createApiKeyReplySchema,
    );
  }

  updateApiKey(session: SessionPrincipal, id: string, body: Record<string, unknown>) {
    return this.ask(
      USERS_SUBJECTS.updateApiKey,
      { ...body, id, accessToken: session.accessToken },
      apiKeyViewSchema,
    );
  }

  revokeApiKey(session: SessionPrincipal, id: string) {
    return this.ask(USERS_SUBJECTS.revokeApiKey, { accessToken: session.accessToken, id }, apiKeyViewSchema);
  }

  async balances(session: SessionPrincipal) {
    const { balances } = await this.ask(
      WALLET_SUBJECTS.query.balances,
      { userId: session.userId },
      balancesReplySchema,
    );
    return {
      balances: balances.map((b) => ({ asset: b.asset, free: b.available, locked: b.held, total: b.total })),
    };
  }

  faucetDeposit(session: SessionPrincipal, body: { asset: string; amount: string; idempotencyKey?: string }) {
    return this.ask(
      WALLET_SUBJECTS.cmd.faucetDeposit,
      {
        userId: session.userId,
        asset: body.asset,
        amount: body.amount,
        idempotencyKey: body.idempotencyKey ?? randomUUID(),
      },
      depositReplySchema,
    );
  }

  /** A withdrawal needs a fresh second factor, spent with the users service before the wallet moves anything. */
  async requestWithdrawal(
    session: SessionPrincipal,
    body: {
      asset: string;
      amount: string;
      address: string;
      mfaCode?: string;
      recoveryCode?: string;
      idempotencyKey?: string;
    },
  ) {
    await this.ask(
      USERS_SUBJECTS.verifyMfa,
      {
        accessToken: session.accessToken,
        purpose: 'withdrawal',
        ...(body.mfaCode !== undefined && { code: body.mfaCode }),
        ...(body.recoveryCode !== undefined && { recoveryCode: body.recoveryCode }),
      },
      verifyMfaReplySchema,
    );
    return this.ask(
      WALLET_SUBJECTS.cmd.requestWithdrawal,
      {
        userId: session.userId,
        asset: body.asset,
        amount: body.amount,
        address: body.address,
        idempotencyKey: body.idempotencyKey ?? randomUUID(),
      },
      withdrawalReplySchema,
    );
  }

  private async ask<Schema extends z.ZodType>(
    subject: string,
    payload: unknown,
    schema: Schema,
  ): Promise<z.infer<Schema>> {
    try {
      return await this.services.request(subject, payload, schema);
    } catch (error) {
      throw toApiV1Error(error);
    }
  }
}
