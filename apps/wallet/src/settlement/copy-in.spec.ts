import { type CopyConnection, copyField, CopyIn } from './copy-in';

/** How PostgreSQL's COPY text format reads a field back (the escapes `copyField` writes). */
function readBack(field: string): string {
  return field.replace(/\\(.)/g, (_, c: string) =>
    c === 't' ? '\t' : c === 'n' ? '\n' : c === 'r' ? '\r' : c,
  );
}

type Callback = (error: Error | null, result?: unknown) => void;
const callbackOf = (sut: CopyIn) => (sut as unknown as { callback: Callback }).callback;
const submit = (sut: CopyIn, connection: CopyConnection) =>
  (sut as unknown as { submit(c: CopyConnection): Error | null }).submit(connection);

describe(copyField.name, () => {
  it('leaves the ledger ids as they are', () => {
    for (const id of ['trade:BTC-USDT:42', 'user:bench-7:USDT:AVAILABLE', 'venue:FEES:BTC', '9f1c-2b'])
      expect(copyField(id)).toBe(id);
  });

  it('escapes what would end a field, a row, or start an escape, so every text reads back unchanged', () => {
    const text = 'a\\b\tc\nd\re\\\\N';
    const sut = copyField(text);
    expect(sut).not.toMatch(/[\t\n\r]/);
    expect(readBack(sut)).toBe(text);
  });
});

describe(CopyIn.name, () => {
  it('sends the statement and, right behind it, each COPY its rows and its end; then settles with the result', async () => {
    const sent: string[] = [];
    const sut = new CopyIn('copy a from stdin; copy b from stdin', ['x\ny\n', '']);
    expect(String(sut)).toBe('copy a from stdin; copy b from stdin');
    const error = submit(sut, {
      query: (text) => sent.push(`query ${text}`),
      sendCopyFromChunk: (chunk) => sent.push(`data ${chunk.toString()}`),
      endCopyFrom: () => sent.push('done'),
    });
    expect(error).toBeNull();
    expect(sent).toEqual(['query copy a from stdin; copy b from stdin', 'data x\ny\n', 'done', 'done']);
    // PostgreSQL's requests for the data need no answer: it was sent.
    sut.handleCopyInResponse();
    expect(sent).toHaveLength(4);
    const result = { command: 'COPY', rowCount: 2 };
    callbackOf(sut)(null, result);
    await expect(sut).resolves.toBe(result);
  });

  it('settles with the error of a refused COPY', async () => {
    const sut = new CopyIn('copy t (a) from stdin', ['x\n']);
    callbackOf(sut)(new Error('refused'));
    await expect(sut).rejects.toThrow('refused');
  });
});
