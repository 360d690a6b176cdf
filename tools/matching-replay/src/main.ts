// Replays a matching journal: commands as JSON lines on stdin, events as JSON lines on stdout.
//   npm run -s matching-replay [-- --book] < commands.jsonl > events.jsonl
// Malformed lines are reported on stderr with their line number and skipped; the exit code is then 1.
import { createInterface } from 'node:readline';
import { replay } from './replay.runner';

const USAGE = `usage: npm run -s matching-replay [-- --book]
Reads matching commands as JSON lines on stdin, writes the engine's events as JSON lines on stdout.
  --book   finish with {"type":"book","bids":[[price,quantity,orderId],...],"asks":[...]}
Malformed lines are reported on stderr as "line N: ..." and skipped; the exit code is then 1.
`;

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const unknown = args.filter((a) => a !== '--book');
  if (unknown.length > 0) {
    process.stderr.write(`unknown argument(s): ${unknown.join(' ')}\n${USAGE}`);
    return 2;
  }
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  const result = await replay(
    lines,
    (chunk) => process.stdout.write(chunk),
    (message) => process.stderr.write(message + '\n'),
    { book: args.includes('--book') },
  );
  return result.malformedLines > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`matching-replay failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 3;
  },
);
