import { API_BASE_URL } from '../config';

/** An error answer of the API, with the code it sent (Binance's negative codes or a service's positive ones). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: number | undefined,
    message: string,
    /** Binance's `data` beside `code` and `msg`, when the answer has one (cancelReplace's outcome of each step). */
    readonly data?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** Messages for the codes a trader meets, in words a trader reads; anything else shows the API's own text. */
const MESSAGES: Record<number, string> = {
  [-1001]: 'The service is not answering right now. Try again in a moment.',
  [-1003]: 'Too many requests. Wait a moment and try again.',
  [-1013]: 'The order does not meet the market filters.',
  [-1121]: 'Unknown market.',
  [-2010]: 'The order was rejected.',
  [-2011]: 'The order is no longer open.',
  [-2015]: 'Your session has ended. Log in again.',
  1101: 'An account with this email already exists.',
  1102: 'The password is too short: use at least 12 characters.',
  1103: 'This password is too common. Choose another one.',
  1104: 'Email or password is wrong.',
  1105: 'Too many failed attempts. Wait before trying again.',
  1301: 'Enter the 6-digit code from your authenticator app.',
  1302: 'The code is wrong or expired.',
  1303: 'This code was already used. Wait for the next one.',
  2912: 'The demo faucet is turned off here.',
};

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    const known = error.code !== undefined ? MESSAGES[error.code] : undefined;
    if (error.code === -2010 && error.message) return error.message;
    return known ?? error.message;
  }
  if (error instanceof TypeError) return 'The exchange cannot be reached. Check your connection.';
  return error instanceof Error ? error.message : String(error);
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  token?: string;
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(options.query ?? {})) {
    if (value !== undefined) params.set(key, String(value));
  }
  const query = params.size > 0 ? `?${params.toString()}` : '';
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.token) headers['Authorization'] = `Bearer ${options.token}`;
  const res = await fetch(`${API_BASE_URL}${path}${query}`, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  const payload: unknown = text ? safeJson(text) : undefined;
  if (!res.ok) {
    const body = (payload ?? {}) as { code?: unknown; msg?: unknown; message?: unknown; data?: unknown };
    const code = typeof body.code === 'number' ? body.code : undefined;
    const msg =
      typeof body.msg === 'string'
        ? body.msg
        : typeof body.message === 'string'
          ? body.message
          : res.statusText;
    const data =
      typeof body.data === 'object' && body.data !== null
        ? (body.data as Record<string, unknown>)
        : undefined;
    throw new ApiError(res.status, code, msg || `HTTP ${res.status}`, data);
  }
  return payload as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
