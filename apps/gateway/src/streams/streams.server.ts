import { type IncomingMessage, type Server } from 'node:http';
import { type Duplex } from 'node:stream';

import { type BeforeApplicationShutdown, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { WebSocketServer } from 'ws';

import { InjectConfig } from '@exchange/shared-util-config';
import { InjectLogger, type Logger } from '@exchange/shared-util-logging';

import { type GatewayConfig } from '../config/gateway.config';
import { closeForShutdown, pingOrDrop } from '../http/websocket-connections';
import { WS_API_PATH } from '../ws-api/ws-api.request';
import { StreamConnection, type ConnectionContext } from './stream-connection';
import { StreamHubService } from './stream-hub.service';
import { isListenKey, StreamResolver } from './stream-resolver';
import { StreamsMetrics } from './streams.metrics';

/** Requests are small JSON objects; anything larger is refused by ws with close code 1009. */
const MAX_REQUEST_BYTES = 64 * 1024;

/**
 * Binance's market streams on the gateway's HTTP server: `/ws`, `/ws/<stream>[/<stream>…]` (raw events; other
 * path parts, such as ccxt's `/ws/0`, are ignored) and `/stream?streams=<a>/<b>` (combined envelopes). A listen
 * key in place of a stream name is its user's data stream (`/ws/<listenKey>`, `/stream?streams=<listenKey>`).
 */
@Injectable()
export class StreamsServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  /** No per-message compression (`ws`'s default, stated): stream frames are written as they are (`frame-writer.ts`). */
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_REQUEST_BYTES,
    perMessageDeflate: false,
  });
  private readonly connections = new Set<StreamConnection>();
  private readonly context: ConnectionContext;
  private pinger?: NodeJS.Timeout;
  private accepting = true;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly resolver: StreamResolver,
    hub: StreamHubService,
    metrics: StreamsMetrics,
    @InjectConfig() config: GatewayConfig,
    @InjectLogger() private readonly logger: Logger,
  ) {
    this.context = { hub, resolver, metrics, config, logger };
  }

  onApplicationBootstrap(): void {
    const server = this.adapterHost.httpAdapter.getHttpServer() as Server;
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      void this.onUpgrade(req, socket, head);
    });
    this.pinger = setInterval(
      () => pingOrDrop(this.connections, this.context.config.WS_PONG_TIMEOUT_MS),
      this.context.config.WS_PING_INTERVAL_MS,
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.accepting = false;
    clearInterval(this.pinger);
    // What waits for the writer goes out before the close frame, as it would have gone in this turn.
    await closeForShutdown(this.connections, (c) => c.writeQueued());
    this.wss.close();
  }

  private async onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://gateway');
    let combined: boolean;
    let names: string[];
    if (url.pathname === '/stream') {
      combined = true;
      names = (url.searchParams.get('streams') ?? '').split('/').filter((n) => n !== '');
    } else if (url.pathname === '/ws' || url.pathname.startsWith('/ws/')) {
      combined = false;
      names = url.pathname
        .slice('/ws'.length)
        .split('/')
        .map((part) => decodeURIComponent(part))
        .filter((part) => part.includes('@') || isListenKey(part));
    } else if (url.pathname === WS_API_PATH) {
      return; // the WebSocket API's own upgrade listener takes it (`ws-api/ws-api.server.ts`)
    } else {
      return refuseUpgrade(socket, 404, 'Not Found');
    }
    if (!this.accepting) return refuseUpgrade(socket, 503, 'Service Unavailable');
    if (names.length > this.context.config.WS_MAX_STREAMS_PER_CONNECTION) {
      return refuseUpgrade(socket, 400, 'Bad Request', 'too many streams');
    }
    const resolved = await this.resolver.resolve(names);
    if (!resolved.ok) return refuseUpgrade(socket, 400, 'Bad Request', resolved.error.msg);
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const connection = new StreamConnection(ws, combined, this.context);
      this.connections.add(connection);
      ws.on('close', () => this.connections.delete(connection));
      connection.open(resolved.streams).catch((error: unknown) => {
        this.logger.error({ err: error }, 'starting the streams of a new connection failed');
        ws.close(1011, 'streams unavailable, retry');
      });
    });
  }
}

/** Answers an upgrade request with an HTTP error and a Binance-style body instead of a WebSocket. */
export function refuseUpgrade(socket: Duplex, status: number, reason: string, detail = reason): void {
  const body = JSON.stringify({ code: -1, msg: detail });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
