// The wallet's stand-in for order-stages.bench.ts: answers every request on the subject with the reply, as Nest's
// NATS server does (`{ id, response, isDisposed }`), in its own process so that its CPU is not counted.
const { connect, JSONCodec } = require('nats');

const [subject, reply] = process.argv.slice(2);
const codec = JSONCodec();
void (async () => {
  const nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
  const response = JSON.parse(reply);
  nc.subscribe(subject, {
    callback: (_error, msg) => {
      const { id } = codec.decode(msg.data);
      msg.respond(codec.encode({ id, response, isDisposed: true }));
    },
  });
  await nc.flush();
  process.send('ready');
})();
