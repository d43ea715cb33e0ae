import { defineContentScript } from '#imports';
import { mountBar } from '../../utils/ext/bar-mount';
import { DEFAULT_APP_ORIGINS } from '../../utils/settings';

export default defineContentScript({
  // Default app origins; other origins are registered at run time from Options.
  matches: DEFAULT_APP_ORIGINS.map((origin) => `${origin}/*`),
  runAt: 'document_idle',
  main: mountBar,
});
