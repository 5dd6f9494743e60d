/**
 * The reference for bench/service: a bare Fastify 5 server with one hello-world route, no
 * plugins and no logger, in its own process like the API it is compared with. Prints
 * "listening on <url>" on stderr.
 */
import Fastify from 'fastify';

const server = Fastify({ logger: false });
server.get('/hello', async () => ({ hello: 'world' }));
const address = await server.listen({ host: '127.0.0.1', port: 0 });
process.stderr.write(`bare fastify listening on ${address}\n`);
const stop = () => void server.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
