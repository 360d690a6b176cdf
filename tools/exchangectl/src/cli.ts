import { chainCommand } from './commands/chain.command';
import { clusterCommand } from './commands/cluster.command';
import { healthCommand } from './commands/health.command';
import { leadersCommand } from './commands/leaders.command';
import { marketCommand } from './commands/market.command';
import { snapshotCommand } from './commands/snapshot.command';
import { statusCommand } from './commands/status.command';
import { streamsCommand } from './commands/streams.command';
import { withdrawalsCommand } from './commands/withdrawals.command';
import { type CliIo, EXIT, OperationError, UsageError } from './io';
import { parseCommandLine } from './options';

export const USAGE = `usage: exchangectl <command> [options]

commands:
  status                               every service's <svc>.query.status.v1 answer; exit 1 unless all ready;
                                       then each matching shard's leader (its lease in NATS KV)
  leaders                              each matching shard's leader from the lease bucket; exit 1 when none
  health --url <base>                  GET <base>/health/ready; exit 1 unless 200
  streams                              JetStream CMD and EVT: subjects, messages, bytes, sequences, consumers
  market halt|resume|cancel-only <M>   set market <M>'s status (e.g. BTC-USDT) in the wallet, which queues the
                                       engine's status command to cmd.<M> behind the orders it accepted
  snapshot <M> [--shard <s>]           the leader of the shard writing market <M> (every shard with a leader is
                                       asked, or only <s>) snapshots it now and says where it stored it
  withdrawals list                     withdrawals waiting for an operator (above the wallet's threshold)
  withdrawals approve <id>             let it go on to be sent (REQUESTED)
  withdrawals reject <id> --reason <r> refuse it: REJECTED, the amount back to the user
  chain address <user> <asset>         the user's deposit address (the wallet must run a chain watcher)
  chain send <address> <asset> <amt>   simulated chain: a transfer from outside, into the mempool
  chain mine [<n>]                     simulated chain: mine n blocks now (default 1)
  chain reorg <depth>                  simulated chain: drop the last blocks, their transfers go back to the mempool
  cluster status                       Kubernetes: the release's pods, readiness, nodes and instance types, and
                                       each matching shard's leader (its lease in NATS KV); exit 1 unless all
                                       pods are ready and every shard has a leader among them
  cluster verify-placement             exit 1 unless every matching pod runs on a compute-optimised (c-family)
                                       node with Guaranteed QoS and whole CPUs (also: verify-placement)

options:
  --nats <url>         NATS server (env NATS_URL, default nats://127.0.0.1:4222)
  --prefix <p>         stream and subject prefix (env NATS_STREAM_PREFIX, default none)
  --timeout <ms>       per request (default 2000)
  --service <name>     status: only this service (repeatable): gateway, users, wallet, matching, market-data
  --command-id <id>    market: the command id / Nats-Msg-Id (default admin-<uuid>); a repeat changes nothing
  --reason <text>      market: why (recorded by the wallet); withdrawals reject: why (shown to the user)
  --operator <name>    market, withdrawals: who asks, recorded (default $USER)
  --engine-only        market: recovery only; publish straight to cmd.<M>, the wallet's market table unchanged
  --force              market --engine-only: publish even when no matching writer has read the market yet
  --shard <name>       snapshot: ask only this matching shard (default: every shard with a leader)
  --limit <n>          withdrawals list: at most n (default 100)
  --kube <url>         cluster: Kubernetes API (env KUBE_API_URL, default http://127.0.0.1:8001, kubectl proxy)
  --kube-token <t>     cluster: bearer token (env KUBE_TOKEN); not needed through kubectl proxy
  --namespace, -n <ns> cluster: the release's namespace (env EXCHANGE_NAMESPACE, default exchange)
  --release <name>     cluster: the Helm release (env EXCHANGE_RELEASE, default exchange)
  --skip-leaders       cluster status: do not read the leases from NATS
  --json               machine-readable output
`;

/** Runs one command; resolves with the exit code. Never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const { positionals, options } = parseCommandLine(argv, io.env);
    const [command, ...rest] = positionals;
    switch (command) {
      case 'status':
        return await statusCommand(options, io);
      case 'health':
        return await healthCommand(options, io);
      case 'streams':
        return await streamsCommand(options, io);
      case 'market':
        return await marketCommand(rest, options, io);
      case 'leaders':
        return await leadersCommand(rest, options, io);
      case 'snapshot':
        return await snapshotCommand(rest, options, io);
      case 'withdrawals':
        return await withdrawalsCommand(rest, options, io);
      case 'chain':
        return await chainCommand(rest, options, io);
      case 'cluster':
        return await clusterCommand(rest, options, io);
      case 'verify-placement':
        return await clusterCommand(['verify-placement', ...rest], options, io);
      case 'help':
        io.out(USAGE);
        return EXIT.ok;
      default:
        throw new UsageError(command ? `unknown command ${JSON.stringify(command)}` : 'no command given');
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`exchangectl: ${error.message}\n\n${USAGE}`);
      return EXIT.usage;
    }
    io.err(
      `exchangectl: ${error instanceof OperationError ? error.message : String((error as Error).stack ?? error)}`,
    );
    return EXIT.failed;
  }
}
