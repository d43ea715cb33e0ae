import { useState } from 'preact/hooks';
import { t } from '../../utils/i18n';
import type { ProbeReport } from '../../utils/meridinate/probe';
import { type Settings, type SettingsErrors, validateSettings } from '../../utils/settings';
import { Locked } from './Locked';
import { PlanFields } from './PlanFields';

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
  badge: boolean;
  badgeRefresh: boolean;
  /** Empty: no budget. */
  budget: string;
  budgetWarnPercent: string;
  /** Empty: no monthly plan. */
  planCredits: string;
  planRenewDay: string;
}

const toDraft = (s: Settings): Draft => ({
  apiBase: s.apiBase,
  appOrigins: s.appOrigins.join('\n'),
  tokens: s.routes.tokens,
  ingestion: s.routes.ingestion,
  pollSeconds: String(s.pollSeconds),
  badge: s.badge,
  badgeRefresh: s.badgeRefresh,
  budget: s.budget === null ? '' : String(s.budget),
  budgetWarnPercent: String(s.budgetWarnPercent),
  planCredits: s.monthlyPlan ? String(s.monthlyPlan.credits) : '',
  planRenewDay: String(s.monthlyPlan?.renewDay ?? 1),
});

/** A whole number typed by the user, with or without grouping (`5,000`, `5.000`, `5 000`); NaN otherwise. */
const parseWhole = (text: string) => {
  const compact = text.replace(/[\s'’]/g, '');
  return /^\d+$|^\d{1,3}([.,]\d{3})+$/.test(compact) ? Number(compact.replace(/\D/g, '')) : Number.NaN;
};

/** OLD and HEAD are the app's version names (API.md); the other two are words. */
const versionName = (version: ProbeReport['version']) =>
  version === 'intermediate'
    ? t('versionIntermediate')
    : version === 'unknown'
      ? t('versionUnknown')
      : version;

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
  const toggle = (key: 'badge' | 'badgeRefresh') => (event: Event) => {
    setDraft({ ...draft, [key]: (event.currentTarget as HTMLInputElement).checked });
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
        badge: draft.badge,
        badgeRefresh: draft.badgeRefresh,
        budget: draft.budget.trim() === '' ? null : parseWhole(draft.budget.trim()),
        budgetWarnPercent: Number(draft.budgetWarnPercent),
        monthlyPlan:
          draft.planCredits.trim() === ''
            ? null
            : { credits: parseWhole(draft.planCredits.trim()), renewDay: Number(draft.planRenewDay) },
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
      <h1>{t('optionsTitle')}</h1>
      {missingAccess.length > 0 && (
        <div class="banner" role="alert">
          <p>{t('optionsNoAccess', missingAccess.join(', '))}</p>
          <button type="button" onClick={onGrant}>
            {t('grantAccess')}
          </button>
        </div>
      )}
      <form onSubmit={save} noValidate>
        <Locked field="apiBase">
          <Field id="apiBase" label={t('apiBaseLabel')} error={errors.apiBase} hint={t('apiBaseHint')}>
            <input
              id="apiBase"
              type="url"
              value={draft.apiBase}
              onInput={set('apiBase')}
              aria-invalid={Boolean(errors.apiBase)}
              aria-describedby={describedBy('apiBase', errors.apiBase)}
            />
          </Field>
        </Locked>
        <Locked field="appOrigins">
          <Field
            id="appOrigins"
            label={t('appOriginsLabel')}
            error={errors.appOrigins}
            hint={t('appOriginsHint')}
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
        </Locked>
        <fieldset class="field">
          <legend>{t('pagesLegend')}</legend>
          <Locked field="tokensRoute">
            <div class="row">
              <label for="routeTokens">{t('tokensPage')}</label>
              <input
                id="routeTokens"
                value={draft.tokens}
                onInput={set('tokens')}
                aria-invalid={Boolean(errors.routes)}
              />
            </div>
          </Locked>
          <Locked field="ingestionRoute">
            <div class="row">
              <label for="routeIngestion">{t('ingestionPage')}</label>
              <input
                id="routeIngestion"
                value={draft.ingestion}
                onInput={set('ingestion')}
                aria-invalid={Boolean(errors.routes)}
              />
            </div>
          </Locked>
          <p class="hint">{t('routesHint')}</p>
          {errors.routes && (
            <p class="error" role="alert">
              {errors.routes}
            </p>
          )}
        </fieldset>
        <Locked field="pollSeconds">
          <Field
            id="pollSeconds"
            label={t('pollLabel')}
            error={errors.pollSeconds}
            hint={t('pollHint', minPollSeconds)}
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
        </Locked>
        <fieldset class="field">
          <legend>{t('budgetLegend')}</legend>
          <Locked field="budget">
            <div class="row">
              <label for="budget">{t('budgetLabel')}</label>
              <input
                id="budget"
                inputMode="numeric"
                placeholder={t('budgetPlaceholder')}
                value={draft.budget}
                onInput={set('budget')}
                aria-invalid={Boolean(errors.budget)}
                aria-describedby={describedBy('budget', errors.budget)}
              />
            </div>
          </Locked>
          <div class="row">
            <label for="budgetWarnPercent">{t('budgetWarnLabel')}</label>
            <input
              id="budgetWarnPercent"
              type="number"
              min={1}
              max={99}
              value={draft.budgetWarnPercent}
              onInput={set('budgetWarnPercent')}
              aria-invalid={Boolean(errors.budgetWarnPercent)}
              aria-describedby={describedBy('budgetWarnPercent', errors.budgetWarnPercent)}
            />
          </div>
          <p class="hint" id="budget-hint">
            {t('budgetHint')}
          </p>
          <p class="hint" id="budgetWarnPercent-hint">
            {t('budgetWarnHint')}
          </p>
          {errors.budget && (
            <p class="error" id="budget-error" role="alert">
              {errors.budget}
            </p>
          )}
          {errors.budgetWarnPercent && (
            <p class="error" id="budgetWarnPercent-error" role="alert">
              {errors.budgetWarnPercent}
            </p>
          )}
        </fieldset>
        <Locked field="monthlyPlan">
          <PlanFields
            credits={draft.planCredits}
            renewDay={draft.planRenewDay}
            error={errors.monthlyPlan}
            onInput={(field, value) => {
              setDraft({ ...draft, [field]: value });
              setSaved(null);
            }}
          />
        </Locked>
        <fieldset class="field">
          <legend>{t('badgeLegend')}</legend>
          <label class="check">
            <input type="checkbox" checked={draft.badge} onChange={toggle('badge')} />
            {t('badgeLabel')}
          </label>
          <label class="check">
            <input
              type="checkbox"
              checked={draft.badgeRefresh}
              disabled={!draft.badge}
              onChange={toggle('badgeRefresh')}
              aria-describedby="badgeRefresh-hint"
            />
            {t('badgeRefreshLabel')}
          </label>
          <p class="hint" id="badgeRefresh-hint">
            {t('badgeRefreshHint')}
          </p>
        </fieldset>
        <div class="actions">
          <button type="submit">{t('save')}</button>
          <button type="button" onClick={test} disabled={report === 'running'}>
            {t('testConnection')}
          </button>
          {saved && (
            <span class="saved" role="status">
              {saved}
            </span>
          )}
        </div>
      </form>
      {report && (
        <section class="report" aria-live="polite" aria-label={t('connectionTest')}>
          {report === 'running' ? (
            <p>{t('testing')}</p>
          ) : (
            <>
              <p class={report.reachable ? 'ok' : 'error'}>
                {report.reachable ? t('connected', versionName(report.version)) : t('notConnected')}
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
                      <td>
                        {typeof status === 'number'
                          ? status
                          : t(status === 'timeout' ? 'probeStatusTimeout' : 'probeStatusUnreachable')}
                      </td>
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
