/**
 * "Test connection": asks the back end which endpoints it has and says, in words, what was found.
 * Pure: `fetch` comes in as a parameter.
 */
import { t } from '../i18n';

export interface ProbeReport {
  reachable: boolean;
  /** Best guess from the capabilities (never from a version number, which the app does not give). */
  version: 'OLD' | 'HEAD' | 'intermediate' | 'unknown';
  /** HTTP status per probed path, or 'unreachable'. */
  endpoints: Record<string, number | 'unreachable' | 'timeout'>;
  /** Sentences for the user. */
  findings: string[];
}

const PROBES = [
  '/health',
  '/api/stats/credits/today',
  '/api/tokens/latest',
  '/api/stats/status-bar',
  '/api/ingest/queue/stats',
] as const;

/** Probes the back end at `apiBase`. */
export async function probeBackend(
  apiBase: string,
  fetchImpl: typeof fetch,
  timeoutMs = 6000,
): Promise<ProbeReport> {
  const endpoints: ProbeReport['endpoints'] = {};
  await Promise.all(
    PROBES.map(async (path) => {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), timeoutMs);
      try {
        const response = await fetchImpl(`${apiBase}${path}`, {
          signal: controller.signal,
          cache: 'no-store',
        });
        endpoints[path] = response.status;
        await response.body?.cancel();
      } catch {
        endpoints[path] = controller.signal.aborted ? 'timeout' : 'unreachable';
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  const findings: string[] = [];
  const health = endpoints['/health'];
  const reachable = typeof health === 'number';
  if (!reachable) {
    findings.push(t(health === 'timeout' ? 'probeTimeout' : 'probeUnreachable', apiBase));
    return { reachable, version: 'unknown', endpoints, findings };
  }
  const credits = endpoints['/api/stats/credits/today'];
  const latest = endpoints['/api/tokens/latest'];
  const statusBar = endpoints['/api/stats/status-bar'];
  const ingest = endpoints['/api/ingest/queue/stats'];
  if (credits === 429) findings.push(t('probeRateLimited'));
  else if (credits !== 200) findings.push(t('probeNotMeridinate', String(credits)));
  let version: ProbeReport['version'] = 'unknown';
  if (credits === 200 || credits === 429) {
    if (latest === 200 && statusBar === 200) version = 'HEAD';
    else if (latest === 200) version = 'intermediate';
    else if (typeof latest === 'number' && latest >= 400 && latest < 500 && statusBar === 404)
      version = 'OLD';
  }
  findings.push(
    t(
      version === 'HEAD'
        ? 'probeHead'
        : version === 'OLD'
          ? 'probeOld'
          : version === 'intermediate'
            ? 'probeIntermediate'
            : 'probeUnknown',
    ),
  );
  if (ingest !== 200) findings.push(t('probeNoIngest'));
  return { reachable, version, endpoints, findings };
}
