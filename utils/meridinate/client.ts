/**
 * A small client for the Meridinate API that turns every failure into a typed error a user can act
 * on. Pure: `fetch` and the clock come in as parameters.
 */
import type { GenericSchema } from 'valibot';
import { t } from '../i18n';
import type { ErrorKind } from '../snapshot/types';
import { validate } from './schemas';

export type ApiResult<T> =
  | { ok: true; value: T; etag: string | null }
  | { ok: true; notModified: true; etag: string | null }
  | { ok: false; kind: ErrorKind; status?: number; message: string };

export interface ApiClientOptions {
  baseUrl: string;
  fetch: typeof fetch;
  /** Per-request timeout; the app's back end can block for minutes (see the contract). */
  timeoutMs?: number;
  /** Bodies larger than this are refused rather than parsed. */
  maxBodyBytes?: number;
}

export const DEFAULT_TIMEOUT_MS = 8000;
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

export interface ApiClient {
  get<T>(
    path: string,
    schema: GenericSchema<unknown, T>,
    options?: { etag?: string | null; maxBodyBytes?: number },
  ): Promise<ApiResult<T>>;
}

function messageFor(kind: ErrorKind, status?: number): string {
  switch (kind) {
    case 'offline':
      return t('errorOffline');
    case 'timeout':
      return t('errorTimeout');
    case 'rate-limited':
      return t('errorRateLimited');
    case 'server':
      return t('errorServer', status ?? '?');
    case 'not-found':
      return t('errorNotFound', status ?? '?');
    case 'bad-data':
      return t('errorBadData');
  }
}

/** Creates a client bound to one API base URL. */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    async get(path, schema, { etag, maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES } = {}) {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), timeoutMs);
      const fail = (kind: ErrorKind, status?: number, detail?: string) =>
        ({ ok: false, kind, status, message: detail ?? messageFor(kind, status) }) as const;
      try {
        const headers: Record<string, string> = { Accept: 'application/json' };
        if (etag) headers['If-None-Match'] = etag;
        let response: Response;
        try {
          response = await options.fetch(`${options.baseUrl}${path}`, {
            headers,
            signal: controller.signal,
            credentials: 'omit',
            cache: 'no-store',
          });
        } catch {
          return fail(controller.signal.aborted ? 'timeout' : 'offline');
        }
        if (response.status === 304) return { ok: true, notModified: true, etag: etag ?? null };
        if (response.status === 429) return fail('rate-limited', 429);
        if (response.status === 404 || response.status === 405 || response.status === 422) {
          return fail('not-found', response.status);
        }
        if (!response.ok) return fail('server', response.status);
        const length = Number(response.headers.get('content-length') ?? '0');
        if (length > maxBodyBytes) return fail('bad-data', response.status, t('errorOversized'));
        let text: string;
        try {
          text = await response.text();
        } catch {
          return fail(controller.signal.aborted ? 'timeout' : 'offline');
        }
        if (text.length > maxBodyBytes) return fail('bad-data', response.status, t('errorOversized'));
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          return fail('bad-data', response.status, t('errorNotJson'));
        }
        const checked = validate(schema, body);
        // The schema library's reason is English for developers: the user reads which endpoint.
        if (!checked.ok) return fail('bad-data', response.status, t('errorUnexpectedData', path));
        return { ok: true, value: checked.value, etag: response.headers.get('etag') };
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
