/** An error reply of `/api/v1` (`{ code, msg }`), or a transport failure (`code` 0). */
export class ApiV1Error extends Error {
  override name = 'ApiV1Error';

  constructor(
    readonly httpStatus: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** The few `/api/v1` calls the demo set-up makes (docs/api-v1.md): JSON in and out, bearer-token auth. */
export class ApiV1Client {
  private readonly baseUrl: string;

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  async call<T>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    body?: unknown,
    accessToken?: string,
  ): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (accessToken) headers['Authorization'] = `Bearer ${accessToken}`;
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.baseUrl}/api/v1${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
      text = await response.text();
    } catch (cause) {
      throw new ApiV1Error(0, 0, `${method} /api/v1${path}: ${(cause as Error).message}`);
    }
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!response.ok) {
      const error = parsed as { code?: unknown; msg?: unknown } | undefined;
      throw new ApiV1Error(
        response.status,
        typeof error?.code === 'number' ? error.code : 0,
        `${method} /api/v1${path}: HTTP ${response.status} ${typeof error?.msg === 'string' ? error.msg : text.slice(0, 200)}`,
      );
    }
    return parsed as T;
  }
}
