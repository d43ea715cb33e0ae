/**
 * Keyboard shortcuts (the manifest's `commands`; the browser lets the user change the keys):
 * show or hide the bar everywhere, and refresh now. Handled in the background.
 */
import { browser } from 'wxt/browser';
import type { Settings } from '../settings';
import { LOG_PREFIX } from './log';
import type { StorageItem } from './storage';

export const COMMANDS = {
  toggleBar: 'toggle-bar',
  refresh: 'refresh',
} as const;

export interface CommandDeps {
  getSettings: () => Promise<Settings>;
  saveSettings: (settings: Settings) => Promise<void>;
  refresh: () => void;
}

/** Runs one command; unknown names are ignored. Returns whether it was one of ours. */
export async function handleCommand(command: string, deps: CommandDeps): Promise<boolean> {
  switch (command) {
    case COMMANDS.toggleBar: {
      // The same switch as the popup's: every open tab follows through storage.sync.
      const settings = await deps.getSettings();
      await deps.saveSettings({ ...settings, enabled: !settings.enabled });
      return true;
    }
    case COMMANDS.refresh:
      deps.refresh();
      return true;
    default:
      return false;
  }
}

/** Registers the shortcuts' listener (where the browser has them); `refresh` refreshes now. */
export function registerCommands(settings: StorageItem<Settings>, refresh: () => void): void {
  browser.commands?.onCommand.addListener((command) => {
    handleCommand(command, {
      getSettings: () => settings.get(),
      saveSettings: (value) => settings.set(value),
      refresh,
    }).catch((error: unknown) => console.error(LOG_PREFIX, 'command failed', error));
  });
}
