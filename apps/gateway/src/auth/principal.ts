import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

import { type ApiKeyPermission } from '@exchange/shared-contracts';

/**
 * Who a request acts for, once a guard has proved it: an API key's owner (signed `/api/v3`) or a browser
 * session's user (JWT bearer). Every resource the request reads or changes is scoped to `userId`.
 */
export type Principal =
  | {
      via: 'API_KEY';
      userId: string;
      apiKeyId: string;
      permissions: readonly ApiKeyPermission[];
      /** Whether the key works from its allow-list's addresses only (withdrawals need that). */
      ipRestricted: boolean;
    }
  | { via: 'SESSION'; userId: string; sessionId: string; accessToken: string };

/** The request as the auth guards see it (Express). */
export interface AuthRequest {
  method: string;
  originalUrl: string;
  ip?: string;
  socket: { remoteAddress?: string };
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
  rawBody?: Buffer;
  principal?: Principal;
}

export function principalOf(request: AuthRequest): Principal {
  if (!request.principal) throw new Error('no principal: the route has no auth guard');
  return request.principal;
}

/** The caller a guard authenticated (`@Signed(...)` or `@Session()` must be on the route). */
export const Caller = createParamDecorator((_: unknown, context: ExecutionContext): Principal =>
  principalOf(context.switchToHttp().getRequest<AuthRequest>()),
);

/** The session of a `@Session()` route, with its access token (what the users service asks for). */
export const SessionUser = createParamDecorator((_: unknown, context: ExecutionContext) => {
  const principal = principalOf(context.switchToHttp().getRequest<AuthRequest>());
  if (principal.via !== 'SESSION') throw new Error('@SessionUser() needs a @Session() route');
  return principal;
});

export type SessionPrincipal = Extract<Principal, { via: 'SESSION' }>;

/** The client's address as the allow-lists and the users service expect it (IPv4-mapped IPv6 unwrapped). */
export function clientIp(request: Pick<AuthRequest, 'ip' | 'socket'>): string {
  const ip = request.ip ?? request.socket.remoteAddress ?? '';
  return ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice('::ffff:'.length) : ip;
}
