import { type ComponentChildren, createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { t } from '../../utils/i18n';
import type { ManagedField } from '../../utils/settings';

/** The settings an administrator set, for every `Locked` below it. */
export const ManagedFields = createContext<readonly ManagedField[]>([]);

/**
 * Locks the inputs inside it when an administrator set `field`: they are disabled and grouped
 * under "Set by your administrator", which screen readers announce with them. Otherwise it
 * renders its children unchanged.
 */
export function Locked({ field, children }: { field: ManagedField; children: ComponentChildren }) {
  if (!useContext(ManagedFields).includes(field)) return <>{children}</>;
  return (
    <fieldset class="locked" disabled data-managed={field}>
      <legend class="managed-note">{t('managedNote')}</legend>
      {children}
    </fieldset>
  );
}
