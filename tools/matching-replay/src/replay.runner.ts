import { OrderBook, toMatchingEvent, type MatchingCommand } from '@exchange/matching-domain';

export interface ReplayOptions {
  /** Print a final `{"type":"book",...}` line with the resting orders. */
  book: boolean;
}

export interface ReplayResult {
  commands: number;
  events: number;
  malformedLines: number;
}

/**
 * Feeds JSON-lines commands to one order book and writes its events as JSON lines, in order.
 * A line that is not a JSON object is reported on `err` with its 1-based line number and skipped;
 * blank lines are ignored. Output is buffered in chunks and flushed through `out`.
 */
export async function replay(
  lines: AsyncIterable<string>,
  out: (chunk: string) => void,
  err: (message: string) => void,
  options: ReplayOptions,
): Promise<ReplayResult> {
  let buffer: string[] = [];
  let events = 0;
  const flush = () => {
    if (buffer.length === 0) return;
    out(buffer.join(''));
    buffer = [];
  };
  const book = new OrderBook({
    sink: (e) => {
      events++;
      buffer.push(JSON.stringify(toMatchingEvent(e)) + '\n');
      if (buffer.length >= 4096) flush();
    },
  });

  let lineNo = 0;
  let commands = 0;
  let malformedLines = 0;
  for await (const raw of lines) {
    lineNo++;
    const line = raw.trim();
    if (line === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (e) {
      malformedLines++;
      err(`line ${lineNo}: malformed JSON: ${(e as Error).message}`);
      continue;
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      malformedLines++;
      err(`line ${lineNo}: not a JSON object`);
      continue;
    }
    commands++;
    book.apply(parsed as MatchingCommand);
  }
  if (options.book) {
    const { bids, asks } = book.l3();
    buffer.push(JSON.stringify({ type: 'book', bids, asks }) + '\n');
  }
  flush();
  return { commands, events, malformedLines };
}
