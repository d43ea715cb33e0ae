import { defineBackground } from '#imports';
import { registerBackground } from '../utils/ext/background';

export default defineBackground(() => {
  registerBackground();
});
