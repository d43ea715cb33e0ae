// What the scale-of-data scenario measures: the background's own code for one history refresh.
export { HISTORY_MAX_BODY_BYTES } from '../../utils/engine/engine';
export { createApiClient } from '../../utils/meridinate/client';
export { TokensHistorySchema, validate } from '../../utils/meridinate/schemas';
export { reduceSnapshot } from '../../utils/snapshot/reducer';
export { createEmptySnapshot } from '../../utils/snapshot/types';
