import { OperationError } from '../io';

/**
 * A read-only Kubernetes API client over fetch: the few GETs exchangectl makes.
 *
 * Why not @kubernetes/client-node: its 1.x releases are ECMAScript modules only. Node 20.19+ can
 * `require` them, but the workspace's jest runs specs as CommonJS through @swc/jest and its own module
 * loader, which refuses ESM from node_modules ("Must use import to load ES Module"), so the CLI could
 * not be tested in-process. The API is plain JSON over HTTP; the recommended way in is `kubectl proxy`
 * (it does the cluster's authentication, e.g. EKS's `aws eks get-token`), or a bearer token.
 */
export interface KubeClientOptions {
  /** API base URL, e.g. http://127.0.0.1:8001 (kubectl proxy). */
  baseUrl: string;
  /** Bearer token (a ServiceAccount token), when not going through kubectl proxy. */
  token?: string;
  timeoutMs: number;
}

/** A Kubernetes `Status` object, as the API answers errors. */
interface KubeStatus {
  kind?: string;
  message?: string;
  reason?: string;
  code?: number;
}

export class KubeApiError extends OperationError {
  override name = 'KubeApiError';
  constructor(
    message: string,
    readonly status: number,
    readonly reason?: string,
  ) {
    super(message);
  }
}

export class KubeClient {
  private readonly baseUrl: string;

  constructor(private readonly options: KubeClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  /** GET a path (`/api/v1/...`) and parse the JSON; errors name the URL and the API's own message. */
  async get<T>(path: string, query: Record<string, string> = {}): Promise<T> {
    const search = new URLSearchParams(query).toString();
    const url = `${this.baseUrl}${path}${search ? `?${search}` : ''}`;
    let response: Response;
    try {
      response = await fetch(url, {
        headers: {
          Accept: 'application/json',
          ...(this.options.token && { Authorization: `Bearer ${this.options.token}` }),
        },
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const why =
        (error as Error).name === 'TimeoutError'
          ? `no answer within ${this.options.timeoutMs} ms`
          : (cause?.code ?? cause?.message ?? (error as Error).message);
      throw new OperationError(
        `cannot reach the Kubernetes API at ${this.baseUrl}: ${why} (run \`kubectl proxy --port 8001\` or pass --kube <url>)`,
      );
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new KubeApiError(
        `GET ${path}: HTTP ${response.status} and a body that is not JSON: ${text.slice(0, 200)}`,
        response.status,
      );
    }
    if (!response.ok) {
      const status = body as KubeStatus;
      const reason = status.reason ?? String(response.status);
      const hint =
        response.status === 401
          ? ' (the token is missing or expired)'
          : response.status === 403
            ? ' (the identity lacks RBAC for it: exchangectl needs get/list on pods and get on nodes)'
            : '';
      throw new KubeApiError(
        `GET ${path}: ${reason}: ${status.message ?? text.slice(0, 200)}${hint}`,
        response.status,
        status.reason,
      );
    }
    return body as T;
  }
}
