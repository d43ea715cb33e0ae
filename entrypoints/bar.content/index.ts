import { defineContentScript } from '#imports';
import { mountBar } from '../../utils/ext/bar-mount';

export default defineContentScript({
  // Default app origins; other origins are registered at run time from Options.
  matches: ['http://localhost:3000/*', 'http://127.0.0.1:3000/*'],
  runAt: 'document_idle',
  main: mountBar,
});
