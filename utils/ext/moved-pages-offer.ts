/** The moved-pages offer for an extension page, kept current from storage (Options uses it). */
import { useEffect, useState } from 'preact/hooks';
import { deriveMovedPagesOffer, type MovedPagesFinding } from '../moved-pages';
import type { Settings } from '../settings';
import { movedPagesStorage } from './moved-pages';
import { followItem, snapshotStorage } from './storage';

/** What to offer for `settings`, from the background's finding and the probed version. */
export function useMovedPagesOffer(settings: Settings) {
  const [finding, setFinding] = useState<MovedPagesFinding | null>(null);
  const [isHead, setIsHead] = useState(false);
  useEffect(() => {
    const unwatchFinding = followItem(movedPagesStorage, setFinding);
    const unwatchSnapshot = followItem(snapshotStorage, (s) =>
      setIsHead(s.capabilities?.tokensLatest === true),
    );
    return () => {
      unwatchFinding();
      unwatchSnapshot();
    };
  }, []);
  return deriveMovedPagesOffer(finding, settings, isHead);
}
