import { copyField, CopyIn } from './copy-in';

/** How PostgreSQL's COPY text format reads a field back (the escapes `copyField` writes). */
function readBack(field: string): string {
  return field.replace(/\\(.)/g, (_, c: string) =>
    c === 't' ? '\t' : c === 'n' ? '\n' : c === 'r' ? '\r' : c,
  );
}

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
  it('sends its rows and the end of the data when PostgreSQL asks for them, and settles with the result', async () => {
    const sent: Buffer[] = [];
    let ended = false;
    const sut = new CopyIn('copy t (a) from stdin', 'x\ny\n');
    expect(String(sut)).toBe('copy t (a) from stdin');
    sut.handleCopyInResponse({
      sendCopyFromChunk: (chunk) => sent.push(chunk),
      endCopyFrom: () => (ended = true),
    });
    expect(Buffer.concat(sent).toString()).toBe('x\ny\n');
    expect(ended).toBe(true);
    const result = { command: 'COPY', rowCount: 2 };
    (sut as unknown as { callback: (e: Error | null, r?: unknown) => void }).callback(null, result);
    await expect(sut).resolves.toBe(result);
  });

  it('settles with the error of a refused COPY', async () => {
    const sut = new CopyIn('copy t (a) from stdin', 'x\n');
    (sut as unknown as { callback: (e: Error | null, r?: unknown) => void }).callback(new Error('refused'));
    await expect(sut).rejects.toThrow('refused');
  });
});
