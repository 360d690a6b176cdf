import { randomBytes } from 'node:crypto';

import { connect, headers, type Msg, type NatsConnection } from 'nats';

import { ReplyInbox, UnansweredRequestError } from './reply-inbox';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const run = `t_gw_inbox_${process.pid}_${randomBytes(3).toString('hex')}`;
const text = (msg: Msg) => new TextDecoder().decode(msg.data);
const bytes = (s: string) => new TextEncoder().encode(s);

describe(ReplyInbox.name, () => {
  let nc: NatsConnection;
  let responder: NatsConnection;

  beforeAll(async () => {
    nc = await connect({ servers: NATS_URL });
    responder = await connect({ servers: NATS_URL });
  });
  afterAll(async () => {
    await responder.close();
    if (!nc.isClosed()) await nc.close();
  });

  it('matches each reply to its request by token, in whatever order the replies come', async () => {
    const held: Msg[] = [];
    responder.subscribe(`${run}.hold`, {
      callback: (_error, msg) => {
        held.push(msg);
        // Answer the three once all came, last first.
        if (held.length === 3) for (const m of [...held].reverse()) m.respond(bytes(`re:${text(m)}`));
      },
    });
    await responder.flush();
    const sut = new ReplyInbox(nc);
    const answers = await Promise.all(
      ['a', 'b', 'c'].map((s) => sut.request(`${run}.hold`, bytes(s), 2_000)),
    );
    expect(answers.map(text)).toEqual(['re:a', 're:b', 're:c']);
    expect(new Set(held.map((m) => m.reply)).size).toBe(3);
    expect(held[0]!.reply).toMatch(/^_INBOX\.\w+\.\w+$/);
    expect(sut.size).toBe(0);
  });

  it('passes the headers on', async () => {
    responder.subscribe(`${run}.headers`, {
      callback: (_error, msg) => msg.respond(bytes(msg.headers?.get('traceparent') ?? 'none')),
    });
    await responder.flush();
    const sent = headers();
    sent.set('traceparent', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    const answer = await new ReplyInbox(nc).request(`${run}.headers`, bytes('x'), 2_000, sent);
    expect(text(answer)).toBe('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
  });

  it('answers "no responders" with an empty message', async () => {
    const answer = await new ReplyInbox(nc).request(`${run}.nobody`, bytes('x'), 2_000);
    expect(answer.data.length).toBe(0);
  });

  it('rejects a request not answered in time, and drops a reply that comes later', async () => {
    const late: Msg[] = [];
    responder.subscribe(`${run}.late`, { callback: (_error, msg) => late.push(msg) });
    await responder.flush();
    const sut = new ReplyInbox(nc);
    const started = performance.now();
    const error = await sut.request(`${run}.late`, bytes('x'), 100).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnansweredRequestError);
    expect(error).toMatchObject({ subject: `${run}.late`, reason: 'timeout' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(100);
    expect(sut.size).toBe(0);
    late[0]!.respond(bytes('too late'));
    await responder.flush();
    await nc.flush();
    expect(sut.size).toBe(0);
  });

  it('rejects what is pending when the connection closes, and every later request', async () => {
    const own = await connect({ servers: NATS_URL });
    responder.subscribe(`${run}.never`, { callback: () => undefined });
    await responder.flush();
    const sut = new ReplyInbox(own);
    const pending = sut.request(`${run}.never`, bytes('x'), 10_000).catch((e: unknown) => e);
    await own.flush();
    await own.close();
    await expect(pending).resolves.toMatchObject({ reason: 'closed' });
    await expect(sut.request(`${run}.never`, bytes('x'), 10_000)).rejects.toMatchObject({ reason: 'closed' });
  });
});
