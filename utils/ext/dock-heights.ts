/**
 * The app bar's height per page, as the bars report it through their ports: remembered so a bar
 * starts at the right height next time. The bars never write it themselves (no storage call to race
 * a page unload).
 */
import { LOG_PREFIX } from './log';
import { withDockHeight } from './protocol';
import { dockHeightsStorage } from './storage';

/** Remembers `height` for `key` (`origin page`); the write happens in the background of the call. */
export type RememberDock = (key: string, height: number) => void;

/** The dock heights' only writer: one write at a time, so two tabs reporting at once do not drop each other's entry. */
export function createDockHeights(): RememberDock {
  let writes: Promise<void> = Promise.resolve();
  return (key, height) => {
    writes = writes
      .then(async () => dockHeightsStorage.set(withDockHeight(await dockHeightsStorage.get(), key, height)))
      .catch((error: unknown) => console.error(LOG_PREFIX, 'dock height not saved', error));
  };
}
