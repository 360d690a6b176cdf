/** The EVT stream refused an append: another writer has written to the market's subject since. */
export class EventStreamFencedError extends Error {
  override readonly name = 'EventStreamFencedError';

  constructor(
    readonly market: string,
    readonly expectedLastSubjectSeq: number,
    detail: string,
  ) {
    super(
      `evt.${market}: append refused (expected last subject sequence ${expectedLastSubjectSeq}): ${detail}`,
    );
  }
}
