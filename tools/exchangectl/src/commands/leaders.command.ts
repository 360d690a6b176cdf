import { type CliIo, EXIT, UsageError } from '../io';
import { listLeaders } from '../kube/leases';
import { withNats } from '../nats-connection';
import { type GlobalOptions } from '../options';
import { formatTable } from '../table';

/**
 * `leaders`: every matching shard that has a leader now, from the lease bucket `<prefix>matching_leases` (no
 * Kubernetes needed). Exit 1 when the bucket is missing (matching without leader election, or another prefix)
 * or no shard holds a lease.
 */
export async function leadersCommand(
  args: readonly string[],
  options: GlobalOptions,
  io: CliIo,
): Promise<number> {
  if (args.length > 0) throw new UsageError(`leaders: unexpected ${args.join(' ')}`);
  const leaders = await withNats(options.natsUrl, options.timeoutMs, (nc) => listLeaders(nc, options.prefix));
  if (options.json) io.out(JSON.stringify(leaders, null, 2));
  else
    io.out(
      formatTable(
        ['SHARD', 'LEADER', 'RENEWED'],
        leaders.map((l) => [
          l.shard,
          l.holder ?? '(none)',
          l.at === undefined ? '-' : new Date(l.at).toISOString(),
        ]),
      ),
    );
  if (leaders.length === 0) {
    io.err(`exchangectl: no matching shard has a leader under prefix ${JSON.stringify(options.prefix)}`);
    return EXIT.failed;
  }
  return EXIT.ok;
}
