import './moved-pages.css';
import { t } from '../../utils/i18n';

export interface MovedPagesOfferProps {
  /** From `deriveMovedPagesOffer`; nothing is shown for null. */
  offer: { ingestionGone: boolean } | null;
  onAccept: () => void;
}

/**
 * The one-click way out when HEAD moved the pages the bar is set to show on: "This Meridinate
 * version moved its pages: show the bar on Bot Tracker instead?" Shown in the popup and in Options.
 */
export function MovedPagesOffer({ offer, onAccept }: MovedPagesOfferProps) {
  if (!offer) return null;
  return (
    <section class="moved-pages" role="alert" data-testid="moved-pages">
      <p>
        {t('movedPagesOffer')}
        {offer.ingestionGone && ` ${t('movedPagesIngestion')}`}
      </p>
      <button type="button" class="moved-pages-accept" onClick={onAccept}>
        {t('movedPagesAccept')}
      </button>
    </section>
  );
}
