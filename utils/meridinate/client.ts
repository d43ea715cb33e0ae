/**
 * A small client for the Meridinate API that turns every failure into a typed error a user can act
 * on, and reads each answer of a refresh as `READS` (`reads.ts`) lists it: endpoint, check, domain
 * rows (`read`). Pure: `fetch` and the clock come in as parameters.
 */
import type { GenericSchema } from 'valibot';
import { t } from '../i18n';
import type { ApiResult, ErrorKind } from './domain';
import { REQUEST_TIMEOUT_MS } from './endpoints';
import { mapResult, READS, type Read, type ReadName, type ReadRows } from './reads';
import { validate } from './schemas';

export interface ApiClientOptions {
  baseUrl: string;
  fetch: typeof fetch;
  /** The clock (epoch ms): when an answer `read` was received (the range's offset is read against it). */
  now?: () => number;
  /** Per-request timeout; the app's back end can block for minutes (see the contract). */
  timeoutMs?: number;
  /** Bodies larger than this are refused rather than parsed. */
  maxBodyBytes?: number;
}

export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

export interface ApiClient {
  get<T>(
    path: string,
    schema: GenericSchema<unknown, T>,
    options?: { etag?: string | null; maxBodyBytes?: number },
  ): Promise<ApiResult<T>>;
  /** Reads one answer of a refresh as domain rows; with `etag`, "not modified" passes as it is. */
  read<K extends ReadName>(name: K, options?: { etag?: string | null }): Promise<ApiResult<ReadRows<K>>>;
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

/**
 * Reads a body as UTF-8 text, counting bytes as they arrive: a body without Content-Length (or
 * with a false one) is cut off as soon as it passes `maxBytes`. Null when it is too large.
 */
async function readTextWithin(response: Response, maxBytes: number): Promise<string | null> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/** Creates a client bound to one API base URL. */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;
  const client: ApiClient = {
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
        if (length > maxBodyBytes) {
          controller.abort();
          return fail('bad-data', response.status, t('errorOversized'));
        }
        let text: string | null;
        try {
          text = await readTextWithin(response, maxBodyBytes);
        } catch {
          return fail(controller.signal.aborted ? 'timeout' : 'offline');
        }
        if (text === null) {
          controller.abort();
          return fail('bad-data', response.status, t('errorOversized'));
        }
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
    async read(name, { etag } = {}) {
      const { path, schema, normalise, maxBodyBytes } = READS[name] as unknown as Read<
        unknown,
        ReadRows<typeof name>
      >;
      const result = await client.get(path, schema, { etag, maxBodyBytes });
      // Without a clock the range gives no offset (NaN is no time) rather than a wrong one.
      return mapResult(result, (body) => normalise(body, options.now?.() ?? Number.NaN));
    },
  };
  return client;
}
