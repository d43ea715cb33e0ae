// Unit tests read the English catalogue, as an English browser would.
import { setMessageLookup } from '../../utils/i18n';
import { formatMessage, readCatalogues } from './messages';

const english = readCatalogues().en ?? {};
setMessageLookup((key, substitutions) => formatMessage(english, key, substitutions));
