/** The prefix of every line the extension writes to the console, so a report can be searched for it. */
export const LOG_PREFIX = '[live-credits-bar]';
