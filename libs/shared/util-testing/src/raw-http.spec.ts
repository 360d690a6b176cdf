import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { type AddressInfo, createServer as createTcpServer } from 'node:net';

import { RawHttpError, RawHttpPool } from './raw-http';

describe(RawHttpPool.name, () => {
  let server: Server;
  let base: string;
  const seen: string[] = [];
  const peers = new Set<string>();

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += String(c)));
      req.on('end', () => {
        seen.push(`${req.method} ${req.url} ${req.headers['x-mbx-apikey']} ${body}`);
        peers.add(String(req.socket.remotePort));
        const text = body.includes('bad') ? '{"code":-1102,"msg":"bad"}' : `{"status":"NEW","n":"ü${body}"}`;
        // Headers and body in separate writes: the client must wait for the whole answer.
        res.writeHead(body.includes('bad') ? 400 : 200, { 'content-length': Buffer.byteLength(text) });
        res.write(text.slice(0, 3));
        setTimeout(() => res.end(text.slice(3)), 5);
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  });

  it('answers calls in order over at most maxConnections kept-alive connections', async () => {
    const sut = RawHttpPool.forBase(base, 2);
    const headers = 'X-MBX-APIKEY: k1\r\nContent-Type: application/x-www-form-urlencoded\r\n';
    const answers = await Promise.all(
      ['a=1', 'b=2', 'bad=3', 'c=4', 'd=5'].map((body) =>
        sut.request('POST', '/api/v3/order', headers, body),
      ),
    );
    const again = await sut.request('DELETE', '/api/v3/order?orderId=7', 'X-MBX-APIKEY: k1\r\n');
    sut.close();
    expect(answers.map((a) => a.status)).toEqual([200, 200, 400, 200, 200]);
    expect(answers[0]!.body).toBe('{"status":"NEW","n":"üa=1"}');
    expect(answers[2]!.body).toBe('{"code":-1102,"msg":"bad"}');
    expect(again.status).toBe(200);
    expect(seen).toEqual(
      expect.arrayContaining(['POST /api/v3/order k1 d=5', 'DELETE /api/v3/order?orderId=7 k1 ']),
    );
    expect(peers.size).toBe(2);
  });

  it('reads chunked answers split anywhere', async () => {
    const chunked = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(201);
        res.write('{"status":');
        setTimeout(() => res.end('"CANCELED"}'), 5);
      });
    });
    chunked.listen(0, '127.0.0.1');
    await once(chunked, 'listening');
    const sut = new RawHttpPool('127.0.0.1', (chunked.address() as AddressInfo).port, 1);
    const answers = [await sut.request('GET', '/a', ''), await sut.request('GET', '/b', '')];
    sut.close();
    chunked.closeAllConnections();
    chunked.close();
    expect(answers).toEqual([
      { status: 201, body: '{"status":"CANCELED"}' },
      { status: 201, body: '{"status":"CANCELED"}' },
    ]);
  });

  it('fails a call whose connection closes before the answer, and one it cannot connect for', async () => {
    const mute = createTcpServer((socket) => socket.once('data', () => socket.destroy()));
    mute.listen(0, '127.0.0.1');
    await once(mute, 'listening');
    const port = (mute.address() as AddressInfo).port;
    const sut = new RawHttpPool('127.0.0.1', port, 1);
    await expect(sut.request('GET', '/x', '')).rejects.toThrow(RawHttpError);
    sut.close();
    mute.close();
    await once(mute, 'close');
    const refused = new RawHttpPool('127.0.0.1', port, 1);
    await expect(refused.request('GET', '/x', '')).rejects.toThrow('connect:');
    refused.close();
  });
});
