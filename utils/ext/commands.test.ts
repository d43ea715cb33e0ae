import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../settings';
import { COMMANDS, handleCommand } from './commands';

function fakes(initial: Partial<Settings> = {}) {
  let stored: Settings = { ...DEFAULT_SETTINGS, ...initial };
  return {
    deps: {
      getSettings: async () => stored,
      saveSettings: async (next: Settings) => {
        stored = next;
      },
      refresh: vi.fn(),
    },
    stored: () => stored,
  };
}

describe('handleCommand', () => {
  it.each([
    [true, false],
    [false, true],
  ])('toggle-bar turns enabled %s into %s and keeps the rest', async (before, after) => {
    const { deps, stored } = fakes({ enabled: before, pollSeconds: 60, budget: 5000 });
    expect(await handleCommand(COMMANDS.toggleBar, deps)).toBe(true);
    expect(stored()).toEqual({ ...DEFAULT_SETTINGS, enabled: after, pollSeconds: 60, budget: 5000 });
    expect(deps.refresh).not.toHaveBeenCalled();
  });

  it('toggle-bar twice is back where it was', async () => {
    const { deps, stored } = fakes();
    await handleCommand(COMMANDS.toggleBar, deps);
    await handleCommand(COMMANDS.toggleBar, deps);
    expect(stored().enabled).toBe(true);
  });

  it('refresh asks for a refresh and leaves the settings alone', async () => {
    const { deps, stored } = fakes();
    expect(await handleCommand(COMMANDS.refresh, deps)).toBe(true);
    expect(deps.refresh).toHaveBeenCalledTimes(1);
    expect(stored()).toEqual(DEFAULT_SETTINGS);
  });

  it('ignores commands it does not know', async () => {
    const { deps, stored } = fakes();
    expect(await handleCommand('_execute_action', deps)).toBe(false);
    expect(deps.refresh).not.toHaveBeenCalled();
    expect(stored()).toEqual(DEFAULT_SETTINGS);
  });
});
