import { randomBytes } from 'node:crypto';

import { Injectable } from '@nestjs/common';

import { InjectRedis, type Redis } from '@exchange/shared-data-access-redis';

/** Binance's listen keys: 64 letters and digits. */
export const LISTEN_KEY_PATTERN = /^[A-Za-z0-9]{64}$/;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

const RECORD = 'listen-key:';
const OWNER = 'listen-key-owner:';

/** What a listen key stands for: whose stream it opens, and which API key or session asked for it. */
export interface ListenKeyRecord {
  userId: string;
  owner: string;
}

// KEYS[1] the owner's pointer, KEYS[2] the record prefix, KEYS[3] a fresh record; ARGV ttl, fresh key, record.
// The owner's live key is extended and returned; otherwise the fresh one is stored and pointed to.
const OPEN = `
local k = redis.call('GET', KEYS[1])
if k and redis.call('PEXPIRE', KEYS[2] .. k, ARGV[1]) == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  return k
end
redis.call('SET', KEYS[3], ARGV[3], 'PX', ARGV[1])
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[1])
return ARGV[2]
`;

// KEYS[1] the record, KEYS[2] the owner prefix; ARGV ttl, user id, listen key. 1 if the user's key was extended.
const KEEPALIVE = `
local v = redis.call('GET', KEYS[1])
if not v then return 0 end
local r = cjson.decode(v)
if r.userId ~= ARGV[2] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
if redis.call('GET', KEYS[2] .. r.owner) == ARGV[3] then redis.call('PEXPIRE', KEYS[2] .. r.owner, ARGV[1]) end
return 1
`;

// KEYS[1] the record, KEYS[2] the owner prefix; ARGV user id, listen key. 1 if the user's key was deleted.
const CLOSE = `
local v = redis.call('GET', KEYS[1])
if not v then return 0 end
local r = cjson.decode(v)
if r.userId ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
if redis.call('GET', KEYS[2] .. r.owner) == ARGV[2] then redis.call('DEL', KEYS[2] .. r.owner) end
return 1
`;

/**
 * Listen keys in Redis (shared by every gateway pod), each with its own time to live: `listen-key:<key>` holds the
 * user and owner, `listen-key-owner:<owner>` the owner's current key, so that asking again returns the same key.
 */
@Injectable()
export class ListenKeyRepository {
  constructor(@InjectRedis() private readonly redis: Redis) {}

  /** The owner's live key, extended by `ttlMs`, or a new one. */
  async open(userId: string, owner: string, ttlMs: number): Promise<string> {
    const fresh = newListenKey();
    const record: ListenKeyRecord = { userId, owner };
    return (await this.redis.eval(
      OPEN,
      3,
      `${OWNER}${owner}`,
      RECORD,
      `${RECORD}${fresh}`,
      ttlMs,
      fresh,
      JSON.stringify(record),
    )) as string;
  }

  /** Extends the user's key by `ttlMs`; false when it does not exist or is someone else's. */
  async keepAlive(userId: string, listenKey: string, ttlMs: number): Promise<boolean> {
    const done = await this.redis.eval(
      KEEPALIVE,
      2,
      `${RECORD}${listenKey}`,
      OWNER,
      ttlMs,
      userId,
      listenKey,
    );
    return done === 1;
  }

  /** Deletes the user's key; false when it does not exist or is someone else's. */
  async close(userId: string, listenKey: string): Promise<boolean> {
    const done = await this.redis.eval(CLOSE, 2, `${RECORD}${listenKey}`, OWNER, userId, listenKey);
    return done === 1;
  }

  /** Whose key it is, or undefined once it has expired or been deleted. */
  async find(listenKey: string): Promise<ListenKeyRecord | undefined> {
    const value = await this.redis.get(`${RECORD}${listenKey}`);
    return value === null ? undefined : (JSON.parse(value) as ListenKeyRecord);
  }
}

/** 64 characters of 62 (rejection sampling keeps them uniform): 381 bits. */
function newListenKey(): string {
  let key = '';
  while (key.length < 64) {
    for (const byte of randomBytes(80)) {
      if (byte < 248 && key.length < 64) key += ALPHABET[byte % 62];
    }
  }
  return key;
}
