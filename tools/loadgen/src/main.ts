/** `node tools/run.cjs tools/loadgen/src/main.ts [options]`: see ../README.md. */
import { runLoadgen } from './loadgen';
import { OptionsError, parseOptions, USAGE } from './options';

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  process.once('SIGTERM', () => stop.abort());
  const log = (event: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(event)}\n`);
  try {
    await runLoadgen(parseOptions(argv), stop.signal, log);
    return 0;
  } catch (error) {
    if (error instanceof OptionsError) {
      process.stderr.write(`loadgen: ${error.message}\n${USAGE}\n`);
      return 2;
    }
    process.stderr.write(`loadgen: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
