import { createPublicKey, randomBytes, randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';

import {
  type ApiKeyLookupReply,
  type ApiKeyLookupRequest,
  type ApiKeyView,
  type CreateApiKeyReply,
  type CreateApiKeyRequest,
  type UpdateApiKeyRequest,
} from '@exchange/shared-contracts';

import { type ApiKeyEntity } from '../entities/api-key.entity';
import { UsersError, UsersErrorCode } from '../errors/users.error';
import { MfaService } from '../mfa/mfa.service';
import { ApiKeyCacheRepository } from '../repositories/api-key-cache.repository';
import { ApiKeysRepository } from '../repositories/api-keys.repository';
import { AuditLogRepository } from '../repositories/audit-log.repository';
import { ClockRepository } from '../repositories/clock.repository';
import { TransactionsRepository } from '../repositories/transactions.repository';
import { type Caller } from '../sessions/sessions.service';
import { formatCidr, ipAllowed, parseCidr } from './cidr';
import { decodeSealed, encodeSealed, SecretBox } from './secret-box';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** 64 random alphanumerics (~381 bits), as Binance shapes keys and secrets. */
function randomAlphanumeric(length = 64): string {
  const bytes = randomBytes(length * 2);
  let out = '';
  for (const byte of bytes) {
    if (byte < 248) out += ALPHANUMERIC[byte % 62]; // 248 = 4 × 62: no modulo bias
    if (out.length === length) return out;
  }
  return out + randomAlphanumeric(length - out.length);
}

function view(key: ApiKeyEntity): ApiKeyView {
  return {
    id: key.id,
    apiKey: key.apiKey,
    kind: key.kind,
    label: key.label,
    permissions: key.permissions,
    ipAllowList: key.ipAllowList,
    expiresAt: key.expiresAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
    createdAt: key.createdAt.toISOString(),
  };
}

/** A revoked or expired key is an error (1402 / 1403): it can neither verify a request nor be changed. */
function assertLive(key: ApiKeyEntity, now: Date): void {
  if (key.revokedAt) throw new UsersError(UsersErrorCode.API_KEY_REVOKED, 'API key revoked');
  if (key.expiresAt && key.expiresAt.getTime() <= now.getTime())
    throw new UsersError(UsersErrorCode.API_KEY_EXPIRED, 'API key expired');
}

/** API keys: creation behind a fresh MFA code, listing, revocation, and the gateway's per-request lookup. */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly cache: ApiKeyCacheRepository,
    private readonly audit: AuditLogRepository,
    private readonly tx: TransactionsRepository,
    private readonly clock: ClockRepository,
    private readonly box: SecretBox,
    private readonly mfa: MfaService,
  ) {}

  async create(caller: Caller, request: CreateApiKeyRequest): Promise<CreateApiKeyReply> {
    const now = this.clock.now();
    const ipAllowList = this.allowList(request.ipAllowList ?? []);
    const expiresAt = request.expiresAt ? new Date(request.expiresAt) : null;
    if (expiresAt && expiresAt.getTime() <= now.getTime())
      throw new UsersError(UsersErrorCode.VALIDATION_FAILED, 'expiresAt must be in the future', {
        issues: [{ path: ['expiresAt'], message: 'must be in the future' }],
      });
    const publicKeyPem = this.publicKey(request);

    const id = randomUUID();
    const secret = request.kind === 'HMAC' ? randomAlphanumeric() : undefined;
    const key: ApiKeyEntity = {
      id,
      userId: caller.userId,
      apiKey: randomAlphanumeric(),
      kind: request.kind,
      label: request.label,
      permissions: request.permissions,
      ipAllowList,
      secretSealed: secret ? encodeSealed(this.box.seal(secret, `api-key:${id}`)) : null,
      publicKeyPem,
      expiresAt,
      revokedAt: null,
      createdAt: now,
    };
    const user = await this.mfa.user(caller.userId);
    // The key, its audit row and the MFA code's use commit together.
    await this.mfa.requireSecondFactor(
      user,
      { code: request.mfaCode },
      {
        action: async () => {
          await this.keys.insert(key);
          await this.audit.append({
            userId: caller.userId,
            event: 'API_KEY_CREATED',
            details: { apiKeyId: id, kind: key.kind, permissions: key.permissions, ipAllowList },
            now,
          });
        },
      },
    );
    return { ...view(key), ...(secret ? { secret } : {}) };
  }

  /**
   * Changes a live key's label, permissions and IP allow-list behind a fresh MFA code (as creating one does: a key
   * that gains WITHDRAW, or loses its allow-list, is as sensitive as a new key). The change, its audit row (what was
   * and what is) and the code's use commit together; then the lookup cache takes the new row, and the gateway's own
   * copy of the key lapses within `API_KEY_CACHE_MS`. The key, its secret and its kind stay.
   */
  async update(caller: Caller, request: UpdateApiKeyRequest): Promise<ApiKeyView> {
    const now = this.clock.now();
    const ipAllowList = request.ipAllowList && this.allowList(request.ipAllowList);
    const user = await this.mfa.user(caller.userId);
    let updated: ApiKeyEntity | undefined;
    await this.mfa.requireSecondFactor(
      user,
      { code: request.mfaCode },
      {
        action: async () => {
          const key = await this.keys.findOwned(request.id, caller.userId);
          if (!key) throw new UsersError(UsersErrorCode.API_KEY_NOT_FOUND, 'no such API key');
          assertLive(key, now);
          updated = {
            ...key,
            label: request.label ?? key.label,
            permissions: request.permissions ?? key.permissions,
            ipAllowList: ipAllowList ?? key.ipAllowList,
          };
          await this.keys.updateRestrictions(updated);
          await this.audit.append({
            userId: caller.userId,
            event: 'API_KEY_UPDATED',
            details: {
              apiKeyId: key.id,
              before: { label: key.label, permissions: key.permissions, ipAllowList: key.ipAllowList },
              after: {
                label: updated.label,
                permissions: updated.permissions,
                ipAllowList: updated.ipAllowList,
              },
            },
            now,
          });
        },
      },
    );
    // After the commit, so the cache never holds a change the database could still roll back.
    await this.cache.replace(updated!);
    return view(updated!);
  }

  async list(caller: Caller): Promise<ApiKeyView[]> {
    return (await this.keys.listByUser(caller.userId)).map(view);
  }

  async revoke(caller: Caller, id: string): Promise<ApiKeyView> {
    const now = this.clock.now();
    const key = await this.tx.run(async () => {
      const revoked = await this.keys.revoke(id, caller.userId, now);
      if (!revoked) throw new UsersError(UsersErrorCode.API_KEY_NOT_FOUND, 'no such API key');
      await this.audit.append({
        userId: caller.userId,
        event: 'API_KEY_REVOKED',
        details: { apiKeyId: id },
        now,
      });
      return revoked;
    });
    // After the commit, so the cache never holds a revocation the database could still roll back.
    await this.cache.replace(key);
    return view(key);
  }

  /**
   * What the gateway verifies a signed request with; unknown, revoked, expired or IP-refused keys are errors.
   * Rows come from the Redis cache when there (revocations overwrite their entry); expiry is checked per call.
   */
  async lookup(request: ApiKeyLookupRequest): Promise<ApiKeyLookupReply> {
    let key = await this.cache.get(request.apiKey);
    if (!key) {
      key = await this.keys.findByApiKey(request.apiKey);
      if (key) await this.cache.fill(key);
    }
    if (!key) throw new UsersError(UsersErrorCode.API_KEY_NOT_FOUND, 'unknown API key');
    assertLive(key, this.clock.now());
    if (request.ip && !ipAllowed(request.ip, key.ipAllowList))
      throw new UsersError(UsersErrorCode.API_KEY_IP_NOT_ALLOWED, `API key not allowed from ${request.ip}`);
    return {
      id: key.id,
      userId: key.userId,
      kind: key.kind,
      permissions: key.permissions,
      ipAllowList: key.ipAllowList,
      expiresAt: key.expiresAt?.toISOString() ?? null,
      ...(key.secretSealed
        ? { secret: this.box.open(decodeSealed(key.secretSealed), `api-key:${key.id}`) }
        : {}),
      ...(key.publicKeyPem ? { publicKeyPem: key.publicKeyPem } : {}),
    };
  }

  private allowList(entries: string[]): string[] {
    const parsed = entries.map((entry) => ({ entry, cidr: parseCidr(entry) }));
    const bad = parsed.filter((p) => !p.cidr).map((p) => p.entry);
    if (bad.length)
      throw new UsersError(UsersErrorCode.API_KEY_CIDR_INVALID, `not CIDR blocks: ${bad.join(', ')}`, {
        invalid: bad,
      });
    return [...new Set(parsed.map((p) => formatCidr(p.cidr!)))];
  }

  /** Ed25519 keys must bring an SPKI PEM Ed25519 public key; HMAC keys must not. */
  private publicKey(request: CreateApiKeyRequest): string | null {
    if (request.kind === 'HMAC') {
      if (request.publicKeyPem !== undefined)
        throw new UsersError(UsersErrorCode.API_KEY_PUBLIC_KEY_INVALID, 'HMAC keys take no public key');
      return null;
    }
    try {
      // A private key would parse too (its public half derived): refuse anything but a public key.
      if (!/^-----BEGIN PUBLIC KEY-----/.test(request.publicKeyPem?.trim() ?? ''))
        throw new Error('not a public key');
      const key = createPublicKey(request.publicKeyPem!);
      if (key.asymmetricKeyType !== 'ed25519') throw new Error('not Ed25519');
      return key.export({ type: 'spki', format: 'pem' }).toString();
    } catch {
      throw new UsersError(
        UsersErrorCode.API_KEY_PUBLIC_KEY_INVALID,
        'publicKeyPem must be an Ed25519 public key (PEM)',
      );
    }
  }
}
