/**
 * `node tools/run.cjs tools/loadgen/src/demo-main.ts seed <base-url> <credentials-file> <SYMBOL,...>`: makes the
 * demo users (see demo-seed.ts) and prints the set-up as one JSON line.
 * `... demo-main.ts code <credentials-file> <email>`: the current TOTP code of a demo trader, to log in as one.
 */
import { readCredentials } from './credentials';
import { seedDemo } from './demo-seed';
import { totpCode, totpStep } from './totp';

async function main([command, ...args]: string[]): Promise<number> {
  const log = (event: Record<string, unknown>) => process.stderr.write(`${JSON.stringify(event)}\n`);
  if (command === 'seed' && args.length === 3) {
    const markets = args[2]!.split(',').filter(Boolean);
    const setup = await seedDemo(args[0]!, args[1]!, markets, log);
    process.stdout.write(`${JSON.stringify({ type: 'demo', ...setup })}\n`);
    return 0;
  }
  if (command === 'code' && args.length === 2) {
    const trader = readCredentials(args[0]!).traders.find((t) => t.email === args[1]);
    if (!trader) {
      process.stderr.write(`no demo trader ${args[1]} in ${args[0]}\n`);
      return 1;
    }
    process.stdout.write(`${totpCode(trader.mfaSecret, totpStep(Date.now()))}\n`);
    return 0;
  }
  process.stderr.write(
    'usage: demo-main.ts seed <base-url> <credentials-file> <SYMBOL,...> | demo-main.ts code <credentials-file> <email>\n',
  );
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`demo: ${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);
