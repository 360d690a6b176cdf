import { choosePlan, failureMessage, missingMessage, type PlanInput } from './plan';
import { type ProbeResult, type ServiceInfo } from './service';

const down: ProbeResult = { state: 'down', detail: 'ECONNREFUSED' };
const info: ServiceInfo = {
  id: 'redis',
  title: 'Redis',
  endpoint: 'redis://127.0.0.1:6379',
  aptPackage: 'redis-server',
  binaries: 'redis-server on PATH',
  downloadUrl: 'https://redis.io/docs/latest/operate/oss_and_stack/install/',
  envHint: 'REDIS_URL',
};

describe(choosePlan.name, () => {
  const base: PlanInput = { probe: down, installed: false, local: true, canInstall: false };

  it.each<[string, Partial<PlanInput>, ReturnType<typeof choosePlan>]>([
    [
      'uses a server that answers, whatever else holds',
      { probe: { state: 'up' }, installed: false, local: false },
      { action: 'use' },
    ],
    [
      'fails when something answers but is unusable (e.g. NATS without JetStream)',
      { probe: { state: 'unusable', detail: 'no JetStream' }, installed: true },
      { action: 'fail', reason: 'unusable' },
    ],
    [
      'fails for a remote address it cannot start',
      { local: false, installed: true, canInstall: true },
      { action: 'fail', reason: 'remote' },
    ],
    ['starts an installed server', { installed: true, canInstall: true }, { action: 'start' }],
    ['installs with apt when root and not installed', { canInstall: true }, { action: 'install' }],
    ['fails as missing when not installed and apt cannot be used', {}, { action: 'fail', reason: 'missing' }],
  ])('%s', (_, input, expected) => {
    const sut = choosePlan;

    expect(sut({ ...base, ...input })).toEqual(expected);
  });
});

describe(missingMessage.name, () => {
  it('without apt-get, names the server, the address, the package and where to download it', () => {
    const sut = missingMessage(info, down, { root: true, aptGet: false });

    expect(sut).toContain('Redis does not answer at redis://127.0.0.1:6379');
    expect(sut).toContain('not installed: no redis-server on PATH');
    expect(sut).toContain('apt-get is not available');
    expect(sut).toContain('package: redis-server');
    expect(sut).toContain(info.downloadUrl);
    expect(sut).toContain('set REDIS_URL');
  });

  it('with apt-get but not root, gives the exact install command', () => {
    const sut = missingMessage(info, down, { root: false, aptGet: true });

    expect(sut).toContain('`sudo apt-get install -y redis-server`');
  });
});

describe(failureMessage.name, () => {
  it('says why an answering server cannot be used', () => {
    const sut = failureMessage(
      { ...info, title: 'NATS', envHint: 'NATS_URL' },
      { action: 'fail', reason: 'unusable' },
      { state: 'unusable', detail: 'JetStream is not enabled.' },
      { root: true, aptGet: true },
    );

    expect(sut).toBe(
      'NATS at redis://127.0.0.1:6379 answers but cannot be used: JetStream is not enabled. Fix that server, or set NATS_URL to one that works.',
    );
  });
});
