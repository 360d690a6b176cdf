import { UsageError } from './io';
import { DEFAULT_NATS_URL, DEFAULT_TIMEOUT_MS, parseCommandLine } from './options';

describe(parseCommandLine.name, () => {
  const sut = parseCommandLine;

  it('defaults to every service, the local NATS, no prefix and a 2 s timeout', () => {
    expect(sut(['status'], {})).toEqual({
      positionals: ['status'],
      options: {
        natsUrl: DEFAULT_NATS_URL,
        prefix: '',
        timeoutMs: DEFAULT_TIMEOUT_MS,
        json: false,
        url: undefined,
        services: ['gateway', 'users', 'wallet', 'matching', 'marketData'],
        commandId: undefined,
        force: false,
        engineOnly: false,
        kubeUrl: 'http://127.0.0.1:8001',
        namespace: 'exchange',
        release: 'exchange',
        skipLeaders: false,
      },
    });
  });

  it('reads KUBE_API_URL, KUBE_TOKEN, EXCHANGE_NAMESPACE and EXCHANGE_RELEASE, and options win over them', () => {
    const env = {
      KUBE_API_URL: 'https://api.example:6443',
      KUBE_TOKEN: 'env-token',
      EXCHANGE_NAMESPACE: 'prod',
      EXCHANGE_RELEASE: 'ex',
    };
    expect(sut(['cluster', 'status'], env).options).toMatchObject({
      kubeUrl: 'https://api.example:6443',
      kubeToken: 'env-token',
      namespace: 'prod',
      release: 'ex',
    });
    expect(
      sut(
        [
          'cluster',
          'status',
          '--kube',
          'http://127.0.0.1:9',
          '--kube-token',
          't',
          '-n',
          'ns',
          '--release',
          'r',
        ],
        env,
      ).options,
    ).toMatchObject({ kubeUrl: 'http://127.0.0.1:9', kubeToken: 't', namespace: 'ns', release: 'r' });
  });

  it('reads NATS_URL and NATS_STREAM_PREFIX, and options win over them', () => {
    const env = { NATS_URL: 'nats://env:4222', NATS_STREAM_PREFIX: 'envp' };
    expect(sut(['streams'], env).options).toMatchObject({ natsUrl: 'nats://env:4222', prefix: 'envp' });
    expect(sut(['streams', '--nats', 'nats://opt:4222', '--prefix', 'optp'], env).options).toMatchObject({
      natsUrl: 'nats://opt:4222',
      prefix: 'optp',
    });
  });

  it('takes --shard for snapshot and --force for market', () => {
    expect(sut(['snapshot', 'BTC-USDT', '--shard', 'eu-2'], {}).options.shard).toBe('eu-2');
    expect(sut(['market', 'halt', 'BTC-USDT', '--force'], {}).options.force).toBe(true);
  });

  it('maps --service names as operators type them to the contracts keys', () => {
    expect(sut(['status', '--service', 'market-data', '--service', 'users'], {}).options.services).toEqual([
      'marketData',
      'users',
    ]);
  });

  it.each([
    [
      ['status', '--service', 'ledger'],
      'unknown service "ledger": expected one of gateway, users, wallet, matching, market-data',
    ],
    [['status', '--timeout', '0'], '--timeout must be a positive whole number of milliseconds, got "0"'],
    [['status', '--timeout', '1.5'], '--timeout must be a positive whole number of milliseconds, got "1.5"'],
    [['streams', '--prefix', 'a.b'], '--prefix may hold letters, digits and _ only, got "a.b"'],
    [['status', '--verbose'], "Unknown option '--verbose'"],
  ])('refuses %j: %s', (argv, message) => {
    expect(() => sut(argv, {})).toThrow(UsageError);
    expect(() => sut(argv, {})).toThrow(message);
  });

  it('turns --help into the help command', () => {
    expect(sut(['status', '--help'], {}).positionals).toEqual(['help']);
  });
});
