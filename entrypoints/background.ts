import { defineBackground } from '#imports';
import { registerBackground } from '../utils/ext/background';
import { installMessages } from '../utils/ext/i18n';

export default defineBackground({
  // Firefox MV2: an event page like MV3's, unloaded when idle; all state lives in storage.
  persistent: { firefox: false },
  main() {
    installMessages();
    registerBackground();
  },
});
