import { type WebSocket } from 'ws';

/**
 * One stream event as every subscriber gets it: serialised once, and encoded to UTF-8 once per form (raw, or in the
 * combined `{"stream":…,"data":…}` envelope) the first time a subscriber of that form needs it, so that a fan-out
 * to thousands of connections hands each the same Buffer instead of encoding a string per connection.
 */
export class EventFrame {
  private rawBytes?: Buffer;
  private combinedBytes?: Buffer;

  constructor(
    readonly json: string,
    /** `{"stream":"<name>","data":` */
    private readonly envelope: string,
  ) {}

  get raw(): Buffer {
    return (this.rawBytes ??= Buffer.from(this.json));
  }

  get combined(): Buffer {
    return (this.combinedBytes ??= Buffer.from(`${this.envelope}${this.json}}`));
  }
}

/** The envelope of a combined stream's events. */
export const envelopeOf = (name: string): string => `{"stream":${JSON.stringify(name)},"data":`;

type Corkable = { cork(): void; uncork(): void; destroyed?: boolean };
const corked = new Set<Corkable>();
let flushScheduled = false;

function flush(): void {
  flushScheduled = false;
  for (const socket of corked) socket.uncork();
  corked.clear();
}

/**
 * Holds a WebSocket's writes until the current I/O turn is over (corks its TCP socket, uncorked by one shared
 * `setImmediate`), so that the events of one NATS batch reach each connection in one write instead of one per
 * event. Order and content are unchanged; `bufferedAmount` still counts what waits. A socket `ws` does not expose
 * (a test double) is left alone.
 */
export function corkForThisTurn(socket: WebSocket): void {
  const tcp = (socket as unknown as { _socket?: Corkable })._socket;
  if (!tcp || corked.has(tcp) || tcp.destroyed) return;
  tcp.cork();
  corked.add(tcp);
  if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(flush);
  }
}
