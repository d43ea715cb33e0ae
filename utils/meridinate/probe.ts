/**
 * "Test connection": asks the back end which endpoints it has and says, in words, what was found.
 * Pure: `fetch` comes in as a parameter.
 */

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
    findings.push(
      health === 'timeout'
        ? `${apiBase} did not answer in time. The back end may be busy; try again.`
        : `Nothing answers at ${apiBase}. Is the Meridinate back end running, and is this its address (default http://localhost:5003)? If it runs elsewhere, the extension also needs access to that address.`,
    );
    return { reachable, version: 'unknown', endpoints, findings };
  }
  const credits = endpoints['/api/stats/credits/today'];
  const latest = endpoints['/api/tokens/latest'];
  const statusBar = endpoints['/api/stats/status-bar'];
  const ingest = endpoints['/api/ingest/queue/stats'];
  if (credits === 429)
    findings.push('The app’s rate limit is reached for credits; the bar will wait and retry.');
  else if (credits !== 200)
    findings.push(`Credits today answered ${credits}: this does not look like Meridinate.`);
  let version: ProbeReport['version'] = 'unknown';
  if (credits === 200 || credits === 429) {
    if (latest === 200 && statusBar === 200) version = 'HEAD';
    else if (latest === 200) version = 'intermediate';
    else if (typeof latest === 'number' && latest >= 400 && latest < 500 && statusBar === 404)
      version = 'OLD';
  }
  findings.push(
    version === 'HEAD'
      ? 'A later Meridinate version (with /api/tokens/latest and the status-bar endpoint).'
      : version === 'OLD'
        ? 'Meridinate as of late 2025 (no /api/tokens/latest): the latest analysis comes from the token history.'
        : version === 'intermediate'
          ? 'A Meridinate version with /api/tokens/latest but no status-bar endpoint.'
          : 'Meridinate’s version could not be told; the bar shows what it can.',
  );
  if (ingest !== 200) findings.push('No ingest statistics: the last ingest runs will not be shown.');
  return { reachable, version, endpoints, findings };
}
