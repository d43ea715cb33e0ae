import { useState } from 'preact/hooks';
import type { ProbeReport } from '../../utils/meridinate/probe';
import { type Settings, type SettingsErrors, validateSettings } from '../../utils/settings';

export interface OptionsProps {
  settings: Settings;
  minPollSeconds: number;
  /** Origins in the saved settings that still need the user's grant. */
  missingAccess: string[];
  onSave: (settings: Settings) => Promise<string | null>;
  onTest: (apiBase: string) => Promise<ProbeReport>;
  onGrant: () => void;
}

interface Draft {
  apiBase: string;
  appOrigins: string;
  tokens: string;
  ingestion: string;
  pollSeconds: string;
}

const toDraft = (s: Settings): Draft => ({
  apiBase: s.apiBase,
  appOrigins: s.appOrigins.join('\n'),
  tokens: s.routes.tokens,
  ingestion: s.routes.ingestion,
  pollSeconds: String(s.pollSeconds),
});

function Field({
  id,
  label,
  error,
  hint,
  children,
}: {
  id: string;
  label: string;
  error?: string;
  hint: string;
  children: preact.ComponentChildren;
}) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children}
      <p class="hint" id={`${id}-hint`}>
        {hint}
      </p>
      {error && (
        <p class="error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** The options page: where the app lives, which pages get the bar, how often to poll. */
export function Options({ settings, minPollSeconds, missingAccess, onSave, onTest, onGrant }: OptionsProps) {
  const [draft, setDraft] = useState<Draft>(() => toDraft(settings));
  const [errors, setErrors] = useState<SettingsErrors>({});
  const [saved, setSaved] = useState<string | null>(null);
  const [report, setReport] = useState<ProbeReport | 'running' | null>(null);

  const set = (key: keyof Draft) => (event: Event) => {
    setDraft({ ...draft, [key]: (event.currentTarget as HTMLInputElement).value });
    setSaved(null);
  };
  const describedBy = (id: string, error?: string) => (error ? `${id}-hint ${id}-error` : `${id}-hint`);

  const save = async (event: Event) => {
    event.preventDefault();
    const result = validateSettings(
      {
        ...settings,
        apiBase: draft.apiBase,
        appOrigins: draft.appOrigins.split(/[\s,]+/).filter(Boolean),
        routes: { tokens: draft.tokens, ingestion: draft.ingestion },
        pollSeconds: Number(draft.pollSeconds),
      },
      minPollSeconds,
    );
    if (!result.ok) {
      setErrors(result.errors);
      setSaved(null);
      return;
    }
    setErrors({});
    setDraft(toDraft(result.settings));
    setSaved(await onSave(result.settings));
  };

  const test = async () => {
    setReport('running');
    setReport(await onTest(draft.apiBase.trim().replace(/\/+$/, '')));
  };

  return (
    <main class="options">
      <h1>Live Credits Bar — Options</h1>
      {missingAccess.length > 0 && (
        <div class="banner" role="alert">
          <p>
            The extension has no access to {missingAccess.join(', ')}, so it cannot show the bar there or read
            the API.
          </p>
          <button type="button" onClick={onGrant}>
            Grant access
          </button>
        </div>
      )}
      <form onSubmit={save} noValidate>
        <Field
          id="apiBase"
          label="API base URL"
          error={errors.apiBase}
          hint="Where the Meridinate back end answers (default http://localhost:5003)."
        >
          <input
            id="apiBase"
            type="url"
            value={draft.apiBase}
            onInput={set('apiBase')}
            aria-invalid={Boolean(errors.apiBase)}
            aria-describedby={describedBy('apiBase', errors.apiBase)}
          />
        </Field>
        <Field
          id="appOrigins"
          label="App origins"
          error={errors.appOrigins}
          hint="Where the Meridinate front end is opened, one per line (default http://localhost:3000 and http://127.0.0.1:3000). A new origin asks for access when you save."
        >
          <textarea
            id="appOrigins"
            rows={3}
            value={draft.appOrigins}
            onInput={set('appOrigins')}
            aria-invalid={Boolean(errors.appOrigins)}
            aria-describedby={describedBy('appOrigins', errors.appOrigins)}
          />
        </Field>
        <fieldset class="field">
          <legend>Pages with the bar</legend>
          <div class="row">
            <label for="routeTokens">Tokens page</label>
            <input
              id="routeTokens"
              value={draft.tokens}
              onInput={set('tokens')}
              aria-invalid={Boolean(errors.routes)}
            />
          </div>
          <div class="row">
            <label for="routeIngestion">Ingestion page</label>
            <input
              id="routeIngestion"
              value={draft.ingestion}
              onInput={set('ingestion')}
              aria-invalid={Boolean(errors.routes)}
            />
          </div>
          <p class="hint">
            Paths in the app (defaults /dashboard/tokens and /dashboard/ingestion); only the exact page
            matches.
          </p>
          {errors.routes && (
            <p class="error" role="alert">
              {errors.routes}
            </p>
          )}
        </fieldset>
        <Field
          id="pollSeconds"
          label="Poll interval (seconds)"
          error={errors.pollSeconds}
          hint={`From ${minPollSeconds} to 300; default 30. The bar also refreshes at once when the app reports an analysis.`}
        >
          <input
            id="pollSeconds"
            type="number"
            min={minPollSeconds}
            max={300}
            value={draft.pollSeconds}
            onInput={set('pollSeconds')}
            aria-invalid={Boolean(errors.pollSeconds)}
            aria-describedby={describedBy('pollSeconds', errors.pollSeconds)}
          />
        </Field>
        <div class="actions">
          <button type="submit">Save</button>
          <button type="button" onClick={test} disabled={report === 'running'}>
            Test connection
          </button>
          {saved && (
            <span class="saved" role="status">
              {saved}
            </span>
          )}
        </div>
      </form>
      {report && (
        <section class="report" aria-live="polite" aria-label="Connection test">
          {report === 'running' ? (
            <p>Testing…</p>
          ) : (
            <>
              <p class={report.reachable ? 'ok' : 'error'}>
                {report.reachable ? `Connected. Version: ${report.version}.` : 'Not connected.'}
              </p>
              <ul>
                {report.findings.map((finding) => (
                  <li key={finding}>{finding}</li>
                ))}
              </ul>
              <table>
                <tbody>
                  {Object.entries(report.endpoints).map(([path, status]) => (
                    <tr key={path}>
                      <td>{path}</td>
                      <td>{status}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </section>
      )}
    </main>
  );
}
