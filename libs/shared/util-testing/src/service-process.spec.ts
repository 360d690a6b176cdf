import { startServiceProcess } from './service-process';

const FIXTURE = 'libs/shared/util-testing/test/fixtures/signal-service.ts';

describe(startServiceProcess.name, () => {
  it('collects JSON log lines, passes the environment, and reports a clean SIGTERM exit', async () => {
    const sut = startServiceProcess(FIXTURE, { FIXTURE_VALUE: 'from-spec' });
    const listening = await sut.waitForLog((line) => line.msg === 'listening');
    expect(listening).toMatchObject({ port: 1234, env: 'from-spec' });
    await sut.waitForLog((line) => line.unparsed === 'not json');
    const exit = await sut.stop();
    expect({ ...exit, stderr: sut.stderr() }).toMatchObject({ code: 0, signal: null, stderr: '' });
    expect(sut.logs.at(-1)).toEqual({ msg: 'stopped' });
  }, 60_000);

  it('rejects a wait when the process ends without the line', async () => {
    const sut = startServiceProcess('libs/shared/util-testing/test/fixtures/does-not-exist.ts', {});
    await expect(sut.waitForLog((line) => line.msg === 'never')).rejects.toThrow(/service exited \(code 1/);
  }, 60_000);
});
