import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { join } from 'node:path';

/**
 * A local HTTP server that answers the GETs exchangectl makes like the Kubernetes API does: a PodList
 * for the release's pods, a Node per name, and `Status` objects for errors (403, 404, 401). The bodies
 * are the JSON files in ./kube-api, written in the API's response shapes (v1 PodList, Node, Status; the
 * spec validates the objects against the Kubernetes schemas with kubernetes-models).
 */
export const FIXTURES = join(__dirname, 'kube-api');

export function fixture<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as T;
}

export interface KubeApiScenario {
  /** Fixture answering GET /api/v1/namespaces/<ns>/pods (a PodList or a Status), and its HTTP status. */
  pods: { fixture: string; status?: number };
  /** Node names the API knows (served from node-<name>.json); others answer a 404 Status. */
  nodes: string[];
  /** When set, every request without this bearer token gets the 401 Status. */
  token?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization?: string;
}

export class FakeKubeApi {
  readonly requests: RecordedRequest[] = [];
  scenario: KubeApiScenario = { pods: { fixture: 'pods-healthy' }, nodes: [] };
  private server?: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const { status, body } = this.answer(request);
      response.writeHead(status, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private answer(request: IncomingMessage): { status: number; body: unknown } {
    const url = new URL(request.url ?? '/', 'http://localhost');
    this.requests.push({
      method: request.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization: request.headers.authorization,
    });
    if (this.scenario.token && request.headers.authorization !== `Bearer ${this.scenario.token}`) {
      return { status: 401, body: fixture('status-401') };
    }
    if (request.method !== 'GET')
      return { status: 405, body: { kind: 'Status', code: 405, reason: 'MethodNotAllowed' } };
    if (/^\/api\/v1\/namespaces\/[^/]+\/pods$/.test(url.pathname)) {
      return { status: this.scenario.pods.status ?? 200, body: fixture(this.scenario.pods.fixture) };
    }
    const node = /^\/api\/v1\/nodes\/([^/]+)$/.exec(url.pathname)?.[1];
    if (node !== undefined) {
      const name = decodeURIComponent(node);
      if (this.scenario.nodes.includes(name)) return { status: 200, body: fixture(`node-${name}`) };
      const missing = fixture<{ message: string; details: { name: string } }>('status-404-node');
      return {
        status: 404,
        body: { ...missing, message: `nodes "${name}" not found`, details: { ...missing.details, name } },
      };
    }
    return {
      status: 404,
      body: {
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Failure',
        message: 'the server could not find the requested resource',
        reason: 'NotFound',
        code: 404,
      },
    };
  }
}
