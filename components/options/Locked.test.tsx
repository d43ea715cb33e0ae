// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { createRenderTarget } from '../../tests/unit/fixtures';
import type { ManagedField } from '../../utils/settings';
import { DEFAULT_SETTINGS } from '../../utils/settings';
import { Locked, ManagedFields } from './Locked';
import { Options } from './Options';

const container = createRenderTarget();

function renderOptions(managed: ManagedField[], onSave = vi.fn(async () => null)) {
  act(() => {
    render(
      <ManagedFields.Provider value={managed}>
        <Options
          settings={{ ...DEFAULT_SETTINGS, budget: 500 }}
          minPollSeconds={30}
          missingAccess={[]}
          onSave={onSave}
          onTest={vi.fn()}
          onGrant={vi.fn()}
        />
      </ManagedFields.Provider>,
      container(),
    );
  });
  return onSave;
}

const input = (id: string) => container().querySelector<HTMLInputElement>(`#${id}`);
/** Whether the input sits in a disabled group (how the browser disables it). */
const isLocked = (id: string) => Boolean(input(id)?.closest('fieldset.locked[disabled]'));

describe('Options lock what an administrator set', () => {
  it.each<[ManagedField, string]>([
    ['apiBase', 'apiBase'],
    ['appOrigins', 'appOrigins'],
    ['tokensRoute', 'routeTokens'],
    ['ingestionRoute', 'routeIngestion'],
    ['pollSeconds', 'pollSeconds'],
    ['budget', 'budget'],
  ])('%s locks #%s and only it', (field, id) => {
    renderOptions([field]);
    expect(isLocked(id)).toBe(true);
    const locked = container().querySelectorAll('fieldset.locked');
    expect(locked).toHaveLength(1);
    expect(locked[0]?.getAttribute('data-managed')).toBe(field);
    expect(locked[0]?.querySelector('legend')?.textContent).toBe('Set by your administrator');
    for (const other of ['apiBase', 'appOrigins', 'routeTokens', 'routeIngestion', 'pollSeconds', 'budget']) {
      if (other !== id) expect(isLocked(other)).toBe(false);
    }
  });

  it('nothing managed: nothing locked, no note', () => {
    renderOptions([]);
    expect(container().querySelectorAll('fieldset.locked')).toHaveLength(0);
    expect(container().textContent).not.toContain('Set by your administrator');
  });

  it("the form still saves with locked fields (the store keeps the user's values under them)", async () => {
    const onSave = renderOptions(['apiBase', 'pollSeconds']);
    await act(async () => {
      container()
        .querySelector('form')
        ?.dispatchEvent(new Event('submit', { cancelable: true }));
    });
    expect(onSave).toHaveBeenCalledWith(
      expect.objectContaining({ apiBase: DEFAULT_SETTINGS.apiBase, budget: 500 }),
    );
  });
});

describe('Locked', () => {
  it('renders its children unchanged when the field is not managed', () => {
    act(() => {
      render(
        <ManagedFields.Provider value={['budget']}>
          <Locked field="monthlyPlan">
            <input id="plan" />
          </Locked>
        </ManagedFields.Provider>,
        container(),
      );
    });
    expect(container().innerHTML).toBe('<input id="plan">');
  });
});
