// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { createRenderTarget } from '../../tests/unit/fixtures';
import { DEFAULT_SETTINGS, type Settings } from '../../utils/settings';
import { Options } from './Options';

const container = createRenderTarget();

function showOptions(settings: Settings = DEFAULT_SETTINGS) {
  const onSave = vi.fn(async () => 'Saved');
  act(() =>
    render(
      <Options
        settings={settings}
        minPollSeconds={30}
        missingAccess={[]}
        onSave={onSave}
        onTest={vi.fn()}
        onGrant={vi.fn()}
      />,
      container(),
    ),
  );
  const input = (id: string) => container().querySelector<HTMLInputElement>(`#${id}`) as HTMLInputElement;
  const type = (id: string, value: string) =>
    act(() => {
      input(id).value = value;
      input(id).dispatchEvent(new Event('input', { bubbles: true }));
    });
  const submit = async () => {
    await act(async () => {
      container()
        .querySelector('form')
        ?.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    });
  };
  return { onSave, input, type, submit };
}

describe('the monthly plan in Options', () => {
  it('is off by default, its renewal day disabled until credits are set', () => {
    const { input } = showOptions();
    expect(input('planCredits').value).toBe('');
    expect(input('planRenewDay').disabled).toBe(true);
  });

  it.each([
    ['10,000,000', '31', { credits: 10_000_000, renewDay: 31 }],
    ['5 000', '1', { credits: 5000, renewDay: 1 }],
    ['', '15', null],
  ])('saves %j renewing on %j as %j', async (credits, renewDay, plan) => {
    const { onSave, type, submit } = showOptions();
    type('planCredits', credits);
    type('planRenewDay', renewDay);
    await submit();
    expect(onSave).toHaveBeenCalledWith(expect.objectContaining({ monthlyPlan: plan }));
  });

  it.each([
    ['0', '5'],
    ['lots', '5'],
    ['100', '32'],
    ['100', '0'],
  ])('refuses %j renewing on %j with a message, and saves nothing', async (credits, renewDay) => {
    const { onSave, type, submit, input } = showOptions();
    type('planCredits', credits);
    type('planRenewDay', renewDay);
    await submit();
    expect(onSave).not.toHaveBeenCalled();
    expect(container().querySelector('#plan-error')?.textContent).toMatch(/renewal day from 1 to 31/);
    expect(input('planCredits').getAttribute('aria-invalid')).toBe('true');
  });

  it('shows a saved plan', () => {
    const { input } = showOptions({ ...DEFAULT_SETTINGS, monthlyPlan: { credits: 900, renewDay: 28 } });
    expect([input('planCredits').value, input('planRenewDay').value]).toEqual(['900', '28']);
  });
});
