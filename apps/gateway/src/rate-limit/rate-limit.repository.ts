import { createHash } from 'node:crypto';

import { Injectable } from '@nestjs/common';

import { InjectRedis, type Redis } from '@exchange/shared-data-access-redis';

// A fixed window per key, on Redis's own clock so that every gateway pod counts the same minute. Past the limit
// the refusals of the window are counted too; one past ARGV[4] bans the key for ARGV[5] ms, doubled for each
// earlier ban within ARGV[6] ms (the strikes' lifetime), capped at ARGV[6]. A banned key is not counted at all.
// ARGV[3] = -1: no ban policy (a plain counter).
// Returns { used, msUntilWindowEnds, banMs } (banMs 0 when not banned).
const CONSUME = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local banKey = KEYS[1] .. ':ban'
local banned = redis.call('PTTL', banKey)
if banned > 0 then return { 0, 0, banned } end
local weight = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local start = now - (now % window)
local key = KEYS[1] .. ':' .. start
local used = redis.call('INCRBY', key, weight)
if used == weight then redis.call('PEXPIRE', key, window + 1000) end
local limit = tonumber(ARGV[3])
if limit >= 0 and used > limit then
  local refusedKey = KEYS[1] .. ':refused:' .. start
  local refused = redis.call('INCR', refusedKey)
  if refused == 1 then redis.call('PEXPIRE', refusedKey, window + 1000) end
  if refused > tonumber(ARGV[4]) then
    local strikesKey = KEYS[1] .. ':strikes'
    local strikes = redis.call('INCR', strikesKey)
    local maxMs = tonumber(ARGV[6])
    redis.call('PEXPIRE', strikesKey, maxMs)
    local ban = math.min(maxMs, tonumber(ARGV[5]) * 2 ^ (strikes - 1))
    redis.call('SET', banKey, strikes, 'PX', ban)
    redis.call('DEL', refusedKey)
    return { used, start + window - now, ban }
  end
end
return { used, start + window - now, 0 }
`;

// Adds weight counted by a pod to each key's window (KEYS[i] = the key, ARGV[2i] its window start on Redis's clock as
// the pod reckons it, ARGV[2i+1] the weight; ARGV[1] the window length). No limit is checked here: the pod admitted
// this weight already. Returns { Redis's time in ms, then per key: the window's total, the ms its ban has left (0) }.
const ADD = `
local t = redis.call('TIME')
local out = { tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) }
local window = tonumber(ARGV[1])
for i, key in ipairs(KEYS) do
  local weight = tonumber(ARGV[2 * i + 1])
  local windowKey = key .. ':' .. ARGV[2 * i]
  local used = redis.call('INCRBY', windowKey, weight)
  if used == weight then redis.call('PEXPIRE', windowKey, window + 1000) end
  out[#out + 1] = used
  out[#out + 1] = math.max(0, redis.call('PTTL', key .. ':ban'))
end
return out
`;

const CONSUME_SHA = createHash('sha1').update(CONSUME).digest('hex');
const ADD_SHA = createHash('sha1').update(ADD).digest('hex');

type ConsumeArgs = [key: string, ...args: number[]];

interface QueuedConsume {
  args: ConsumeArgs;
  resolve(usage: WindowUsage): void;
  reject(error: unknown): void;
}

export interface WindowUsage {
  used: number;
  resetInMs: number;
  /** Milliseconds the key stays banned (0: not banned). */
  bannedForMs: number;
}

export interface BanPolicy {
  limit: number;
  banAfterRefusals: number;
  banMs: number;
  banMaxMs: number;
}

@Injectable()
export class RateLimitRepository {
  private queue: QueuedConsume[] = [];

  constructor(@InjectRedis() private readonly redis: Redis) {}

  /**
   * Adds `weight` to the key's current window (unless the key is banned) and tells how it stands. Calls made in the
   * same tick (an order's 10-second and daily counts, concurrent requests) go to Redis as one pipeline, one socket
   * write, by the script's SHA (the script text only when Redis does not have it yet).
   */
  consume(key: string, weight: number, windowMs: number, policy?: BanPolicy): Promise<WindowUsage> {
    const args: ConsumeArgs = [
      `rl:${key}`,
      weight,
      windowMs,
      policy?.limit ?? -1,
      policy?.banAfterRefusals ?? 0,
      policy?.banMs ?? 0,
      policy?.banMaxMs ?? 0,
    ];
    return new Promise<WindowUsage>((resolve, reject) => {
      this.queue.push({ args, resolve, reject });
      if (this.queue.length === 1) process.nextTick(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    try {
      const bySha = await this.run(batch, true);
      // Redis lost its scripts (a restart, SCRIPT FLUSH): send those with the script text.
      const missing = batch.filter((_, i) => /^NOSCRIPT/.test(String(bySha[i]?.[0]?.message ?? '')));
      const byText = missing.length > 0 ? await this.run(missing, false) : [];
      batch.forEach((item, i) => {
        const j = missing.indexOf(item);
        const [error, reply] = (j >= 0 ? byText[j] : bySha[i]) ?? [new Error('no reply from Redis'), null];
        if (error) return item.reject(error);
        const [used, resetInMs, bannedForMs] = reply as [number, number, number];
        item.resolve({ used, resetInMs, bannedForMs });
      });
    } catch (error) {
      for (const item of batch) item.reject(error);
    }
  }

  private async run(batch: QueuedConsume[], bySha: boolean): Promise<[Error | null, unknown][]> {
    const pipeline = this.redis.pipeline();
    for (const { args } of batch) {
      if (bySha) pipeline.evalsha(CONSUME_SHA, 1, ...args);
      else pipeline.eval(CONSUME, 1, ...args);
    }
    return ((await pipeline.exec()) ?? []) as [Error | null, unknown][];
  }

  /**
   * Adds weight already admitted by this pod to the keys' windows (each given by its start on Redis's clock), in one
   * round trip; Redis's time and, per entry, the window's total over every pod and the key's remaining ban.
   */
  async add(
    entries: { key: string; windowStart: number; weight: number }[],
    windowMs: number,
  ): Promise<{ redisNow: number; answers: { total: number; bannedForMs: number }[] }> {
    const args = [
      ...entries.map((e) => `rl:${e.key}`),
      windowMs,
      ...entries.flatMap((e) => [e.windowStart, e.weight]),
    ];
    // By SHA; the script text only when Redis does not have it (a restart, SCRIPT FLUSH).
    const reply = (await this.redis
      .evalsha(ADD_SHA, entries.length, ...args)
      .catch((error: unknown) =>
        /^NOSCRIPT/.test(String((error as Error).message))
          ? this.redis.eval(ADD, entries.length, ...args)
          : Promise.reject(error),
      )) as number[];
    const answers = entries.map((_, i) => ({ total: reply[1 + 2 * i]!, bannedForMs: reply[2 + 2 * i]! }));
    return { redisNow: reply[0]!, answers };
  }
}
