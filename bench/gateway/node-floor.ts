/**
 * The floor a Node gateway starts from: node:http in front of the gateway's own HTTP/1.1 client to engines,
 * forwarding every request to one upstream with none of the gateway's work (no auth, routing, limits,
 * accounting, metrics or access log). Not a product: the bench runs it beside nginx so that the report shows
 * what node:http and the extra socket hop cost on this machine before any gateway feature.
 * Args: `--upstream URL [--port N]`. Prints `port=<n>` when listening.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Cancellation, UpstreamClient } from '@hangar/gateway';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
};
const upstream = {
  instanceId: 'i-1',
  deploymentId: 'd-1',
  baseUrl: option('upstream') ?? 'http://127.0.0.1:1',
  needsReasoningSplit: false,
};
const client = new UpstreamClient({ connectMs: 5_000, firstByteMs: 300_000, totalMs: 1_800_000 }, 4_000, () =>
  Date.now(),
);

const server = createServer((request, response) => {
  const parts: Buffer[] = [];
  request.on('data', (part: Buffer) => parts.push(part));
  request.on('end', () => {
    const body = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
    const cancellation = new Cancellation();
    response.on('close', () => cancellation.abort());
    client
      .send({
        upstream,
        path: request.url ?? '/',
        body,
        requestIdHeader: 'x-request-id',
        requestId: 'floor',
        cancellation,
      })
      .then(async (answer) => {
        const type = answer.headers['content-type'] ?? 'application/json';
        if (typeof type === 'string' && type.startsWith('text/event-stream')) {
          response.writeHead(answer.statusCode, { 'content-type': type });
          for (let chunk = await answer.body.next(); chunk !== null; chunk = await answer.body.next()) {
            response.write(chunk);
          }
          response.end();
          return;
        }
        const payload = answer.body.takeWhole();
        response.writeHead(answer.statusCode, { 'content-type': type, 'content-length': payload.length });
        response.end(payload);
      })
      .catch(() => {
        if (!response.headersSent) response.writeHead(502);
        response.end();
      });
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(option('port') ?? 0), '127.0.0.1', () => {
  process.stdout.write(`port=${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => {
  void client.close().then(() => process.exit(0));
});
