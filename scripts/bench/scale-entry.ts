// What the scale-of-data scenario measures: the background's own code for one history refresh.
import { foldRefresh } from '../../tests/unit/fold-answers';

export { createApiClient } from '../../utils/meridinate/client';
export { HISTORY_MAX_BODY_BYTES } from '../../utils/meridinate/endpoints';
export { TokensHistorySchema, validate } from '../../utils/meridinate/schemas';
export { createEmptySnapshot } from '../../utils/snapshot/types';

/** The engine's fold of one refresh (the normaliser, then the reducer): the snapshot it gives. */
export const reduceSnapshot = (...args: Parameters<typeof foldRefresh>) => foldRefresh(...args).snapshot;
