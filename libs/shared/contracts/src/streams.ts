/**
 * JetStream streams. One subject per market, so that `Nats-Expected-Last-Subject-Sequence` fences
 * each market's writer on its own (see docs/architecture.md).
 */
export const STREAMS = {
  /** Order commands, produced by wallet's outbox relay, consumed in order by matching. */
  CMD: { name: 'CMD', subjects: ['cmd.>'] },
  /** Engine events, produced by matching, consumed by wallet and market-data. */
  EVT: { name: 'EVT', subjects: ['evt.>'] },
  /** Commands matching could not read (not JSON, not the contract, another market's), parked with the reason. */
  DLQ: { name: 'DLQ', subjects: ['dlq.>'] },
} as const;

/** Headers of a parked command: why, and where it came from. */
export const DEAD_LETTER_HEADERS = {
  reason: 'Dead-Letter-Reason',
  sourceSubject: 'Dead-Letter-Source-Subject',
  sourceSeq: 'Dead-Letter-Source-Seq',
} as const;

export type StreamKey = keyof typeof STREAMS;

const MARKET = /^[A-Z0-9]{2,12}-[A-Z0-9]{2,12}$/;

function marketToken(market: string): string {
  if (!MARKET.test(market))
    throw new Error(`not a market id: ${JSON.stringify(market)} (expected e.g. BTC-USDT)`);
  return market;
}

export const cmdSubject = (market: string): string => `cmd.${marketToken(market)}`;
export const evtSubject = (market: string): string => `evt.${marketToken(market)}`;
/** Where matching parks the commands of `cmd.<market>` it could not read. */
export const dlqCmdSubject = (market: string): string => `dlq.cmd.${marketToken(market)}`;
