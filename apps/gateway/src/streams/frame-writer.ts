/** A connection with stream frames waiting: `writeQueued` writes them all, in order, in one socket write. */
export interface QueuedFrames {
  writeQueued(): void;
}

/**
 * Connections written per slice: a slice ends the I/O turn (`setImmediate`), so that a fan-out to thousands of
 * sockets does not hold up the next NATS message, an order or a ping for the whole burst; the next slice goes on
 * where it stopped.
 */
export const WRITE_SLICE = 256;

const waiting = new Set<QueuedFrames>();
let scheduled = false;

/**
 * Queues a connection for the writer: after the current I/O turn, connections are written WRITE_SLICE at a time,
 * in the order they first had a frame waiting (a connection queued again goes to the back), each receiving all its
 * waiting frames — everything that reached it since its last write — in one write.
 */
export function queueWrite(connection: QueuedFrames): void {
  waiting.add(connection);
  if (!scheduled) {
    scheduled = true;
    setImmediate(writeSlice);
  }
}

function writeSlice(): void {
  scheduled = false;
  let written = 0;
  for (const connection of waiting) {
    waiting.delete(connection);
    connection.writeQueued();
    if (++written === WRITE_SLICE) break;
  }
  if (waiting.size > 0 && !scheduled) {
    scheduled = true;
    setImmediate(writeSlice);
  }
}

let lastFrames: readonly Buffer[] = [];
let lastJoined: Buffer | undefined;

/**
 * The frames as one Buffer. Subscribers of the same streams get the same frames (the same Buffers) in the same order,
 * and the writer takes them one after the other, so the last join is kept and handed out again while the frames are
 * the same ones: one copy per distinct sequence instead of one per connection.
 */
export function joinFrames(frames: readonly Buffer[]): Buffer {
  if (frames.length === 1) return frames[0]!;
  if (lastJoined && frames.length === lastFrames.length && frames.every((f, i) => f === lastFrames[i])) {
    return lastJoined;
  }
  lastFrames = frames;
  lastJoined = Buffer.concat(frames as Buffer[]);
  return lastJoined;
}
