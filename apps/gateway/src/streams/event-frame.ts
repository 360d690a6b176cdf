/**
 * One stream event as every subscriber gets it: serialised once, and encoded to UTF-8 once per form (raw, or in the
 * combined `{"stream":…,"data":…}` envelope) the first time a subscriber of that form needs it, so that a fan-out
 * to thousands of connections hands each the same Buffer instead of encoding a string per connection; and, for the
 * fan-out (`frame-writer.ts`), once per form as a whole WebSocket frame, header included, written to the sockets
 * as it is.
 */
export class EventFrame {
  private rawBytes?: Buffer;
  private combinedBytes?: Buffer;
  private rawWire?: Buffer;
  private combinedWire?: Buffer;

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

  /** The raw form as a whole WebSocket text frame (header included), built once. */
  get rawFrame(): Buffer {
    return (this.rawWire ??= textFrame(this.raw));
  }

  /** The combined form as a whole WebSocket text frame (header included), built once. */
  get combinedFrame(): Buffer {
    return (this.combinedWire ??= textFrame(this.combined));
  }
}

/** The envelope of a combined stream's events. */
export const envelopeOf = (name: string): string => `{"stream":${JSON.stringify(name)},"data":`;

/**
 * `payload` as one unfragmented, unmasked WebSocket text frame (RFC 6455 5.2; a server never masks), header and
 * payload in one Buffer, so that the same bytes go to every subscriber's TCP socket as they are.
 */
export function textFrame(payload: Buffer): Buffer {
  const n = payload.length;
  const header = n < 126 ? 2 : n < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + n);
  frame[0] = 0x81; // FIN, text
  if (header === 2) frame[1] = n;
  else if (header === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(n, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(n), 2);
  }
  payload.copy(frame, header);
  return frame;
}
