import { hmacSignature, signedQuery } from './signing';

describe(signedQuery.name, () => {
  it("matches Binance's documented HMAC-SHA256 example", () => {
    const secret = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';
    const payload =
      'symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559';
    expect(hmacSignature(payload, secret)).toBe(
      'c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71',
    );
  });

  it('lays out timestamp, the params, recvWindow, then the signature of exactly what precedes it', () => {
    const sut = signedQuery(
      [
        ['symbol', 'BTCUSDT'],
        ['price', '30000.01'],
      ],
      'k',
      1764000000000,
      5000,
    );
    const [payload, signature] = sut.split('&signature=');
    expect(payload).toBe('timestamp=1764000000000&symbol=BTCUSDT&price=30000.01&recvWindow=5000');
    expect(signature).toBe(hmacSignature(payload!, 'k'));
    expect(signature).toMatch(/^[0-9a-f]{64}$/);
  });
});
