import { Injectable } from '@nestjs/common';

import { InjectRedis, type Redis } from '@exchange/shared-data-access-redis';

// A fixed window per key, on Redis's own clock so that every gateway pod counts the same minute.
// Returns the weight used in the current window and the milliseconds until it ends.
const CONSUME = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[2])
local start = now - (now % window)
local key = KEYS[1] .. ':' .. start
local used = redis.call('INCRBY', key, ARGV[1])
if used == tonumber(ARGV[1]) then redis.call('PEXPIRE', key, window + 1000) end
return { used, start + window - now }
`;

export interface WindowUsage {
  used: number;
  resetInMs: number;
}

@Injectable()
export class RateLimitRepository {
  constructor(@InjectRedis() private readonly redis: Redis) {}

  /** Adds `weight` to the key's current window and tells how much of it is used. */
  async consume(key: string, weight: number, windowMs: number): Promise<WindowUsage> {
    const [used, resetInMs] = (await this.redis.eval(CONSUME, 1, `rl:${key}`, weight, windowMs)) as [
      number,
      number,
    ];
    return { used, resetInMs };
  }
}
