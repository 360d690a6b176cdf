import { StatementPipeline } from './statement-pipeline';

describe(StatementPipeline.name, () => {
  it('runs the statements one after the other, each once the one before has finished', async () => {
    const sut = new StatementPipeline();
    const log: string[] = [];
    const statement = (name: string, ms: number) => async () => {
      log.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, ms));
      log.push(`end ${name}`);
    };
    sut.add(statement('a', 20));
    sut.add(statement('b', 1));
    expect(log).toEqual([]);
    await sut.yield();
    expect(log).toEqual(['start a']);
    await sut.drain();
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b']);
  });

  it('stops at the first failure, throws it, and stays failed', async () => {
    const sut = new StatementPipeline();
    const ran: string[] = [];
    sut.add(async () => void ran.push('a'));
    sut.add(() => Promise.reject(new Error('first')));
    sut.add(async () => void ran.push('c'));
    await expect(sut.drain()).rejects.toThrow('first');
    expect(ran).toEqual(['a']);
    await expect(sut.yield()).rejects.toThrow('first');
    await expect(sut.drain()).rejects.toThrow('first');
  });

  it('sends nothing more once aborted, and returns when the running statement has finished', async () => {
    const sut = new StatementPipeline();
    const log: string[] = [];
    sut.add(async () => {
      log.push('start a');
      await new Promise((r) => setTimeout(r, 20));
      log.push('end a');
    });
    sut.add(async () => void log.push('b'));
    await sut.yield();
    await sut.abort();
    expect(log).toEqual(['start a', 'end a']);
    await expect(sut.drain()).rejects.toThrow('the transaction failed');
  });

  it('waits in yield until no more than the given number of statements are still to finish', async () => {
    const sut = new StatementPipeline();
    const log: string[] = [];
    const statement = (name: string) => async () => {
      await new Promise((r) => setTimeout(r, 5));
      log.push(name);
    };
    for (const name of ['a', 'b', 'c', 'd']) sut.add(statement(name));
    expect(sut.pending).toBe(4);
    await sut.yield(1);
    expect(log).toEqual(['a', 'b', 'c']);
    expect(sut.pending).toBe(1);
    await sut.drain();
    expect(sut.pending).toBe(0);
  });

  it('stops waiting in yield at a failure and throws it', async () => {
    const sut = new StatementPipeline();
    sut.add(() => Promise.reject(new Error('first')));
    sut.add(() => new Promise((r) => setTimeout(r, 5)));
    await expect(sut.yield(0)).rejects.toThrow('first');
  });
});
