// Conventions the code must keep, checked on the sources and the built manifest: no HTML or code
// built from strings, pure modules free of browser APIs, nothing listening to web pages, and a
// manifest that asks only for what the product needs.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

/** Product sources (tests excluded), relative to the root. */
function productFiles(dirs: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|tsx|html)$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(relative(ROOT, path));
    }
  };
  for (const dir of dirs) walk(join(ROOT, dir));
  return out.sort();
}

/** The code without its comments, so that a comment may name what the code must not do. */
function code(path: string): string {
  return readFileSync(join(ROOT, path), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1')
    .replace(/<!--[\s\S]*?-->/g, '');
}

const PRODUCT = productFiles(['entrypoints', 'components', 'utils']);

const importsOf = (path: string) =>
  [...code(path).matchAll(/^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => ({
    typeOnly: Boolean(m[2]),
    specifier: m[3] ?? '',
  }));

const resolveImport = (from: string, specifier: string): string | null => {
  const base = join(dirname(join(ROOT, from)), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return relative(ROOT, candidate);
  }
  return null;
};

describe('no HTML or code from strings', () => {
  const FORBIDDEN: [string, RegExp][] = [
    ['innerHTML', /\binnerHTML\b/],
    ['outerHTML', /\bouterHTML\b/],
    ['insertAdjacentHTML', /\binsertAdjacentHTML\b/],
    ['dangerouslySetInnerHTML', /\bdangerouslySetInnerHTML\b/],
    ['document.write', /\bdocument\s*\.\s*write(ln)?\s*\(/],
    ['eval(', /(^|[^\w.])eval\s*\(/m],
    ['new Function', /\bnew\s+Function\s*\(/],
    ['setTimeout with a string', /\bset(Timeout|Interval)\s*\(\s*['"`]/],
  ];

  it('finds the product sources', () => {
    expect(PRODUCT.length).toBeGreaterThan(20);
  });

  it.each(FORBIDDEN)('%s appears nowhere in entrypoints/, components/ or utils/', (_name, pattern) => {
    const offenders = PRODUCT.filter((path) => pattern.test(code(path)));
    expect(offenders).toEqual([]);
  });
});

describe('pure modules import no browser API', () => {
  const PURE = [
    ...productFiles(['utils/meridinate', 'utils/snapshot', 'utils/schedule', 'utils/engine', 'utils/view']),
    'utils/format.ts',
    'utils/settings.ts',
    'utils/routes.ts',
  ].filter((path) => existsSync(join(ROOT, path)));
  /** Where browser APIs may be used: everything the pure modules must not reach. */
  const IMPURE_DIRS = ['utils/ext/', 'utils/dom/', 'entrypoints/', 'components/'];
  const BROWSER_PACKAGES = /^(wxt\/browser|#imports|webextension-polyfill|wxt\/utils\/|wxt\/client)/;

  /** Every problem reachable from `path` through value imports. */
  function problems(path: string, seen = new Set<string>()): string[] {
    if (seen.has(path)) return [];
    seen.add(path);
    const found: string[] = [];
    if (!path.endsWith('.json')) {
      const text = code(path);
      if (/(^|[^\w.$'"`])(browser|chrome)\s*\.\s*[a-z]/m.test(text))
        found.push(`${path} uses a browser global`);
      for (const { typeOnly, specifier } of importsOf(path)) {
        if (BROWSER_PACKAGES.test(specifier)) found.push(`${path} imports ${specifier}`);
        if (typeOnly || !specifier.startsWith('.')) continue;
        const target = resolveImport(path, specifier);
        if (!target) continue;
        if (IMPURE_DIRS.some((dir) => target.startsWith(dir))) found.push(`${path} imports ${target}`);
        else found.push(...problems(target, seen));
      }
    }
    return found;
  }

  it('lists the pure modules', () => {
    expect(PURE.length).toBeGreaterThan(10);
  });

  it.each(PURE)('%s', (path) => {
    expect(problems(path)).toEqual([]);
  });
});

describe('the content script needs no polyfill', () => {
  // Its build gets the browser's own API object instead of webextension-polyfill
  // (utils/ext/native-browser.ts), so it may call only what returns promises natively in Chrome
  // MV3 and Firefox, or is synchronous.
  const NATIVE = new Set([
    'storage.local.get',
    'storage.local.set',
    'storage.sync.get',
    'storage.sync.set',
    'storage.onChanged.addListener',
    'storage.onChanged.removeListener',
    'runtime.connect',
    'runtime.id',
    'i18n.getMessage',
    'i18n.getUILanguage',
  ]);

  /** Every `browser…` chain in the code; `storage[area]` stands for local and sync. */
  function browserCalls(text: string): string[] {
    return [...text.matchAll(/\bbrowser((?:\??\.\w+|\[\w+\])+)/g)].flatMap(([, chain = '']) => {
      const path = chain.replace(/\?/g, '').replace(/^\./, '');
      return path.includes('[')
        ? ['local', 'sync'].map((area) => path.replace(/\[\w+\]/, `.${area}`))
        : [path];
    });
  }

  /** A bare namespace (`browser.i18n as …`) is fine when its calls are all native ones. */
  const notNative = (call: string) =>
    !NATIVE.has(call) && !(!call.includes('.') && [...NATIVE].some((api) => api.startsWith(`${call}.`)));

  /** The modules the content script loads (value imports), from its entrypoint. */
  function reachable(path: string, seen = new Set<string>()): Set<string> {
    if (seen.has(path)) return seen;
    seen.add(path);
    for (const { typeOnly, specifier } of importsOf(path)) {
      if (typeOnly || !specifier.startsWith('.')) continue;
      const target = resolveImport(path, specifier);
      if (target && /\.tsx?$/.test(target)) reachable(target, seen);
    }
    return seen;
  }

  const modules = [...reachable('entrypoints/bar.content/index.ts')].sort();

  it('follows the imports', () => {
    expect(modules).toContain('utils/ext/storage.ts');
    expect(modules).toContain('utils/ext/viewer.ts');
  });

  it('sees the calls it checks', () => {
    expect(browserCalls(code('utils/ext/storage.ts'))).toEqual(
      expect.arrayContaining(['storage.local.get', 'storage.sync.set', 'storage.onChanged.addListener']),
    );
    expect(browserCalls(code('utils/ext/viewer.ts'))).toEqual(
      expect.arrayContaining(['runtime.id', 'runtime.connect']),
    );
    expect(
      browserCalls('await browser.tabs?.query({}); browser.runtime.sendMessage(x)').filter(notNative),
    ).toEqual(['tabs.query', 'runtime.sendMessage']);
  });

  it.each(modules)('%s calls only promise-native APIs', (path) => {
    const text = code(path);
    expect(browserCalls(text).filter(notNative)).toEqual([]);
    expect(text, 'the chrome global').not.toMatch(/(^|[^\w.$'"`])chrome\s*\./m);
  });
});

describe('nothing listens to web pages', () => {
  it('no externally_connectable in the sources or the build config', () => {
    for (const path of [...PRODUCT, 'wxt.config.ts']) {
      expect(code(path), path).not.toMatch(/externally_connectable|onMessageExternal|onConnectExternal/);
    }
  });

  it('no window message listeners', () => {
    const listening = PRODUCT.filter((path) =>
      /(\b(window|self|globalThis)\s*\.\s*(addEventListener\s*\(\s*['"`]message['"`]|onmessage\s*=))|addEventListener\s*\(\s*window\s*,\s*['"`]message['"`]/.test(
        code(path),
      ),
    );
    expect(listening).toEqual([]);
  });
});

describe('the built manifest asks for little', () => {
  const manifestPath = join(ROOT, '.output/chrome-mv3/manifest.json');
  // Built when missing, or older than the config the permissions come from.
  const stale = () =>
    !existsSync(manifestPath) ||
    statSync(manifestPath).mtimeMs < statSync(join(ROOT, 'wxt.config.ts')).mtimeMs;
  if (stale()) {
    execFileSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: 'ignore', timeout: 120_000 });
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
  const DEFAULT_ORIGINS = [
    'http://localhost:3000/*',
    'http://127.0.0.1:3000/*',
    'http://localhost:5003/*',
    'http://127.0.0.1:5003/*',
  ];

  it('permissions: storage, alarms and scripting only', () => {
    expect([...((manifest.permissions as string[]) ?? [])].sort()).toEqual([
      'alarms',
      'scripting',
      'storage',
    ]);
  }, 130_000);

  it('host permissions: the default app and API origins only', () => {
    expect([...((manifest.host_permissions as string[]) ?? [])].sort()).toEqual([...DEFAULT_ORIGINS].sort());
  });

  it('other origins and features only as optional permissions, asked for when used', () => {
    for (const pattern of (manifest.optional_host_permissions as string[]) ?? []) {
      expect(['http://*/*', 'https://*/*']).toContain(pattern);
    }
    for (const permission of (manifest.optional_permissions as string[]) ?? []) {
      // The budget alert's notifications, requested from Options when a budget is set.
      expect(['notifications']).toContain(permission);
    }
  });

  it('the static content script runs on the default app origins only', () => {
    const scripts = (manifest.content_scripts as { matches: string[] }[]) ?? [];
    for (const match of scripts.flatMap((s) => s.matches)) {
      expect(['http://localhost:3000/*', 'http://127.0.0.1:3000/*']).toContain(match);
    }
  });

  it('no externally_connectable, no web-accessible resources, no loosened CSP', () => {
    expect(manifest).not.toHaveProperty('externally_connectable');
    expect(manifest).not.toHaveProperty('web_accessible_resources');
    const csp = JSON.stringify(manifest.content_security_policy ?? '');
    expect(csp).not.toMatch(/unsafe-eval|unsafe-inline|https?:/);
  });
});

describe('components and views stay apart from the browser', () => {
  const VIEWS = productFiles(['components', 'utils/view']);

  it.each(VIEWS)('%s imports neither utils/ext nor a browser API', (path) => {
    const offending = importsOf(path)
      .map(({ specifier }) => specifier)
      .filter(
        (specifier) =>
          /^(wxt\/browser|#imports|webextension-polyfill)/.test(specifier) ||
          resolveImport(path, specifier)?.startsWith('utils/ext/'),
      );
    expect(offending).toEqual([]);
  });
});
