// Chrome trace capture over DevTools, and the analysis of the page's main thread: its tasks, the
// long ones, and the work that ran the extension's scripts (events whose script URL is
// chrome-extension://…, which the content script's code and all its callbacks carry).

const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'toplevel',
  'v8.execute',
  'blink.user_timing',
  'disabled-by-default-v8.cpu_profiler',
].join(',');

export async function startTrace(cdp) {
  await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReturnAsStream' });
}

export async function stopTrace(cdp) {
  const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.end');
  const { stream } = await done;
  const chunks = [];
  for (;;) {
    const part = await cdp.send('IO.read', { handle: stream, size: 4 << 20 });
    chunks.push(part.base64Encoded ? Buffer.from(part.data, 'base64').toString() : part.data);
    if (part.eof) break;
  }
  await cdp.send('IO.close', { handle: stream });
  const parsed = JSON.parse(chunks.join(''));
  return Array.isArray(parsed) ? parsed : parsed.traceEvents;
}

const isExtensionUrl = (url) => typeof url === 'string' && url.startsWith('chrome-extension://');

/**
 * The CPU profile samples of one thread, from the trace's ProfileChunk events: their time (trace
 * clock, µs), their weight (µs until the next sample, capped) and whether the stack holds a frame
 * of an extension script.
 */
function profileSamples(events, pid, tid) {
  const profiles = events.filter((e) => e.name === 'Profile' && e.pid === pid);
  const profile = profiles.find((p) => p.tid === tid) ?? profiles[0];
  if (!profile) return [];
  const nodes = new Map();
  const samples = [];
  let t = profile.args?.data?.startTime ?? 0;
  const chunks = events
    .filter((e) => e.name === 'ProfileChunk' && e.pid === pid && e.id === profile.id)
    .sort((a, b) => a.ts - b.ts);
  for (const chunk of chunks) {
    const data = chunk.args?.data ?? {};
    for (const node of data.cpuProfile?.nodes ?? []) {
      nodes.set(node.id, {
        parent: node.parent ?? null,
        ext: isExtensionUrl(node.callFrame?.url),
        memo: null,
      });
    }
    const ids = data.cpuProfile?.samples ?? [];
    const deltas = data.timeDeltas ?? [];
    for (let i = 0; i < ids.length; i++) {
      t += deltas[i] ?? 0;
      samples.push({ t, id: ids[i] });
    }
  }
  const inExtension = (id) => {
    const node = nodes.get(id);
    if (!node) return false;
    if (node.memo === null) node.memo = node.ext || (node.parent !== null && inExtension(node.parent));
    return node.memo;
  };
  return samples.map((s, i) => ({
    t: s.t,
    weight: Math.min(Math.max(0, (samples[i + 1]?.t ?? s.t) - s.t), 5000),
    ext: inExtension(s.id),
  }));
}

/**
 * Analyses the main thread of the renderer that shows `pageUrlPrefix`, between `fromUs` and `toUs`
 * (trace clock, µs; null = whole trace): its tasks, the long ones, and the extension's share of
 * the CPU profile (samples with an extension script on the stack: the content script and every
 * callback it registered).
 */
export function analyseTrace(
  events,
  { pageUrlPrefix, fromUs = null, toUs = null, longTaskMs = 50, gapMs = 100 },
) {
  let pid = null;
  for (const e of events) {
    const frames = e.name === 'TracingStartedInBrowser' ? e.args?.data?.frames : null;
    const frame = frames?.find((f) => String(f.url).startsWith(pageUrlPrefix) && f.processId);
    if (frame) pid = frame.processId;
  }
  if (pid === null) throw new Error(`no renderer for ${pageUrlPrefix} in the trace`);
  const tid = events.find(
    (e) => e.name === 'thread_name' && e.pid === pid && e.args?.name === 'CrRendererMain',
  )?.tid;
  const inRange = (t) => (fromUs === null || t >= fromUs) && (toUs === null || t < toUs);
  const tasks = events
    .filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && e.name === 'RunTask' && inRange(e.ts))
    .sort((a, b) => a.ts - b.ts);
  const samples = profileSamples(events, pid, tid).filter((s) => inRange(s.t));
  const ext = samples.filter((s) => s.ext);
  const ms = (list) => list.reduce((sum, s) => sum + s.weight, 0) / 1000;
  // Episodes: extension samples with less than `gapMs` between them (one snapshot update brings a
  // few storage events within milliseconds; the bar's clock ticks are episodes too).
  const episodes = [];
  for (const s of ext) {
    const last = episodes[episodes.length - 1];
    if (last && s.t - last.endUs <= gapMs * 1000) {
      last.samples.push(s);
      last.endUs = s.t + s.weight;
    } else episodes.push({ startUs: s.t, endUs: s.t + s.weight, samples: [s] });
  }
  const longTasks = tasks
    .filter((t) => t.dur > longTaskMs * 1000)
    .map((t) => {
      const inside = ext.filter((s) => s.t >= t.ts && s.t < t.ts + t.dur);
      // What the task did: its larger events, with the script they ran when known.
      const parts = events
        .filter(
          (e) =>
            e.pid === pid &&
            e.tid === tid &&
            e.ph === 'X' &&
            e !== t &&
            e.ts >= t.ts &&
            e.ts < t.ts + t.dur &&
            e.dur >= 5000 &&
            !/RunTask|Receive mojo|SimpleWatcher|V8\.(StackGuard|HandleInterrupts)/.test(e.name),
        )
        .slice(0, 8)
        .map(
          (e) =>
            `${e.name}${e.args?.data?.url ? ` ${e.args.data.url.replace(/^.*\//, '')}` : ''} ${(e.dur / 1000).toFixed(1)} ms`,
        );
      return {
        startUs: t.ts,
        ms: t.dur / 1000,
        extensionMs: ms(inside),
        byExtension: inside.length > 0,
        parts,
      };
    });
  return {
    pid,
    tid,
    tasks: tasks.length,
    taskMs: tasks.reduce((sum, t) => sum + t.dur, 0) / 1000,
    longTasks,
    profile: { samples: samples.length, sampledMs: ms(samples) },
    extension: {
      samples: ext.length,
      cpuMs: ms(ext),
      episodes: episodes.map((ep) => ({
        atUs: ep.startUs,
        cpuMs: ms(ep.samples),
        spanMs: (ep.endUs - ep.startUs) / 1000,
      })),
    },
  };
}

/** The trace clock (µs) of a `performance.mark` made in the page, by name. */
export function markTime(events, name) {
  const mark = events.find((e) => e.name === name && (e.cat ?? '').includes('blink.user_timing'));
  return mark?.ts ?? null;
}
