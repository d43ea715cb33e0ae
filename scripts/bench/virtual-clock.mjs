// Time compression for the back-end load scenario. The extension's background gets a virtual clock
// that runs `factor` times faster than real time: Date.now(), setTimeout/setInterval delays and the
// chrome.alarms it creates are all scaled, so every interval it uses (the poll period, the 60 s and
// 120 s maximum ages, the hourly budget, backoff) shrinks by the same factor, and its requests per
// virtual minute are its requests per real minute at normal speed. Installed through DevTools into
// the running service worker before any view connects (the worker stays alive while attached).

/** Installs the virtual clock in the worker; returns the worker's real start time. */
export async function installVirtualClock(worker, factor) {
  return worker.evaluate((k) => {
    if (Date.now.__lcbVirtual) return Date.now.__lcbStart;
    const realNow = Date.now.bind(Date);
    const start = realNow();
    const virtualNow = () => start + (realNow() - start) * k;
    const toReal = (virtual) => start + (virtual - start) / k;
    virtualNow.__lcbVirtual = k;
    virtualNow.__lcbStart = start;
    Date.now = virtualNow;
    const timeout = globalThis.setTimeout;
    const interval = globalThis.setInterval;
    globalThis.setTimeout = (fn, ms = 0, ...args) => timeout(fn, Math.max(0, Number(ms) || 0) / k, ...args);
    globalThis.setInterval = (fn, ms = 0, ...args) => interval(fn, Math.max(0, Number(ms) || 0) / k, ...args);
    const alarms = chrome.alarms;
    const create = alarms.create.bind(alarms);
    const get = alarms.get.bind(alarms);
    const scaleIn = (info) => {
      const out = { ...info };
      if (typeof out.delayInMinutes === 'number') out.delayInMinutes /= k;
      if (typeof out.periodInMinutes === 'number') out.periodInMinutes /= k;
      if (typeof out.when === 'number') out.when = toReal(out.when);
      return out;
    };
    const scaleOut = (alarm) =>
      alarm && {
        ...alarm,
        scheduledTime: virtualNow() + (alarm.scheduledTime - realNow()) * k,
        ...(typeof alarm.periodInMinutes === 'number' ? { periodInMinutes: alarm.periodInMinutes * k } : {}),
      };
    alarms.create = (...args) => create(...args.map((a) => (a && typeof a === 'object' ? scaleIn(a) : a)));
    alarms.get = (...args) => {
      const callback = typeof args[args.length - 1] === 'function' ? args.pop() : null;
      const promise = get(...args).then(scaleOut);
      if (!callback) return promise;
      promise.then(callback);
      return undefined;
    };
    return start;
  }, factor);
}

/** Whether the worker still runs the virtual clock (false if it was restarted meanwhile). */
export function virtualClockActive(worker, factor) {
  return worker.evaluate((k) => Date.now.__lcbVirtual === k, factor).catch(() => false);
}
