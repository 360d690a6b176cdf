import { type StreamInfo } from 'nats';

import { STREAMS } from '@exchange/shared-contracts';
import { NatsNames } from '@exchange/shared-data-access-nats';

import { type CliIo, EXIT, OperationError } from '../io';
import { withNats } from '../nats-connection';
import { type GlobalOptions } from '../options';
import { formatTable } from '../table';

export interface StreamRow {
  stream: string;
  exists: boolean;
  subjects: string[];
  messages: number;
  bytes: number;
  firstSeq: number;
  lastSeq: number;
  consumers: number;
}

/** `streams`: JetStream info of CMD and EVT under `--prefix`; exit 1 when one is missing. */
export async function streamsCommand(options: GlobalOptions, io: CliIo): Promise<number> {
  const names = new NatsNames(options.prefix);
  const rows = await withNats(options.natsUrl, options.timeoutMs, async (nc) => {
    let jsm;
    try {
      jsm = await nc.jetstreamManager({ timeout: options.timeoutMs });
    } catch (error) {
      throw new OperationError(
        `JetStream does not answer at ${options.natsUrl}: ${(error as Error).message}`,
      );
    }
    return Promise.all(
      Object.values(STREAMS).map(async ({ name }): Promise<StreamRow> => {
        const stream = names.stream(name);
        let info: StreamInfo;
        try {
          info = await jsm.streams.info(stream);
        } catch (error) {
          if ((error as { api_error?: { err_code?: number } }).api_error?.err_code !== 10059) throw error;
          return {
            stream,
            exists: false,
            subjects: [],
            messages: 0,
            bytes: 0,
            firstSeq: 0,
            lastSeq: 0,
            consumers: 0,
          };
        }
        return {
          stream,
          exists: true,
          subjects: info.config.subjects ?? [],
          messages: info.state.messages,
          bytes: info.state.bytes,
          firstSeq: info.state.first_seq,
          lastSeq: info.state.last_seq,
          consumers: info.state.consumer_count,
        };
      }),
    );
  });
  if (options.json) {
    io.out(JSON.stringify(rows, null, 2));
  } else {
    io.out(
      formatTable(
        ['STREAM', 'SUBJECTS', 'MESSAGES', 'BYTES', 'FIRST', 'LAST', 'CONSUMERS'],
        rows.map((row) =>
          row.exists
            ? [
                row.stream,
                row.subjects.join(','),
                String(row.messages),
                String(row.bytes),
                String(row.firstSeq),
                String(row.lastSeq),
                String(row.consumers),
              ]
            : [row.stream, '(missing)', '-', '-', '-', '-', '-'],
        ),
      ),
    );
  }
  const missing = rows.filter((row) => !row.exists);
  if (missing.length > 0) {
    io.err(`missing stream${missing.length > 1 ? 's' : ''}: ${missing.map((r) => r.stream).join(', ')}`);
    return EXIT.failed;
  }
  return EXIT.ok;
}
