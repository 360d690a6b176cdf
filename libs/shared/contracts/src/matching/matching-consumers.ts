/**
 * The durable consumer through which the matching writer of a market reads `cmd.<market>` from the CMD stream.
 * Matching creates it when it first writes the market; operators' tools look for it to tell a market some
 * shard writes from a mistyped or unknown one.
 */
export const matchingDurableName = (market: string): string => `matching-${market}`;
