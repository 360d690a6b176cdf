import { Injectable } from '@nestjs/common';

import { LISTEN_KEY_PATTERN, ListenKeyRepository } from '../user-stream/listen-key.repository';
import { isAllMarketsStream, type StreamSpec, parseStreamName } from './stream-name';
import { type StreamError } from './stream-request';
import { type StreamSymbol, StreamSymbolsService } from './stream-symbols.service';

export interface ResolvedStream {
  name: string;
  spec: StreamSpec;
  /** Undefined for the all-market streams. */
  symbol: StreamSymbol | undefined;
}

export type Resolution = { ok: true; streams: ResolvedStream[] } | { ok: false; error: StreamError };

/** Whether a path part or stream name is shaped like a listen key (a user-data stream). */
export const isListenKey = (name: string): boolean => LISTEN_KEY_PATTERN.test(name);

/**
 * Stream names from clients checked against the streams we serve and the symbols exchangeInfo lists; a listen key
 * names its user's data stream while it exists.
 */
@Injectable()
export class StreamResolver {
  constructor(
    private readonly symbols: StreamSymbolsService,
    private readonly listenKeys: ListenKeyRepository,
  ) {}

  /** The names' syntax only (what UNSUBSCRIBE needs). */
  check(names: string[]): { ok: true } | { ok: false; error: StreamError } {
    const bad = names.find((name) => !isListenKey(name) && !parseStreamName(name));
    return bad === undefined ? { ok: true } : { ok: false, error: unknownStream(bad) };
  }

  async resolve(names: string[]): Promise<Resolution> {
    const streams: ResolvedStream[] = [];
    for (const name of new Set(names)) {
      if (isListenKey(name)) {
        let record;
        try {
          record = await this.listenKeys.find(name);
        } catch {
          return {
            ok: false,
            error: { code: 2, msg: 'Invalid request: listen keys are unavailable, retry' },
          };
        }
        if (!record)
          return { ok: false, error: { code: 2, msg: 'Invalid request: this listenKey does not exist' } };
        streams.push({
          name,
          spec: { kind: 'userData', listenKey: name, userId: record.userId },
          symbol: undefined,
        });
        continue;
      }
      const spec = parseStreamName(name);
      if (!spec) return { ok: false, error: unknownStream(name) };
      let symbol: StreamSymbol | undefined;
      if (!isAllMarketsStream(spec)) {
        try {
          symbol = await this.symbols.resolve(spec.symbolId);
        } catch {
          return {
            ok: false,
            error: { code: 2, msg: 'Invalid request: the symbol list is unavailable, retry' },
          };
        }
        if (!symbol)
          return { ok: false, error: { code: 2, msg: `Invalid request: unknown symbol in \`${name}\`` } };
      }
      streams.push({ name, spec, symbol });
    }
    return { ok: true, streams };
  }
}

function unknownStream(name: string): StreamError {
  return { code: 2, msg: `Invalid request: unknown stream name \`${name}\`` };
}
