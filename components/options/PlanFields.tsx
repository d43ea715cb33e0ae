import { t } from '../../utils/i18n';

export interface PlanFieldsProps {
  /** Credits per cycle as typed; empty: no plan. */
  credits: string;
  /** Day of the month it renews, as typed. */
  renewDay: string;
  error?: string;
  onInput: (field: 'planCredits' | 'planRenewDay', value: string) => void;
}

/** The monthly plan in Options: credits per cycle and the day of the month it renews. */
export function PlanFields({ credits, renewDay, error, onInput }: PlanFieldsProps) {
  const describedBy = error ? 'plan-hint plan-error' : 'plan-hint';
  return (
    <fieldset class="field">
      <legend>{t('planLegend')}</legend>
      <div class="row">
        <label for="planCredits">{t('planCreditsLabel')}</label>
        <input
          id="planCredits"
          inputMode="numeric"
          placeholder={t('planCreditsPlaceholder')}
          value={credits}
          onInput={(e) => onInput('planCredits', e.currentTarget.value)}
          aria-invalid={Boolean(error)}
          aria-describedby={describedBy}
        />
      </div>
      <div class="row">
        <label for="planRenewDay">{t('planRenewLabel')}</label>
        <input
          id="planRenewDay"
          type="number"
          min={1}
          max={31}
          value={renewDay}
          disabled={credits.trim() === ''}
          onInput={(e) => onInput('planRenewDay', e.currentTarget.value)}
          aria-invalid={Boolean(error)}
          aria-describedby={describedBy}
        />
      </div>
      <p class="hint" id="plan-hint">
        {t('planHint')}
      </p>
      {error && (
        <p class="error" id="plan-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
