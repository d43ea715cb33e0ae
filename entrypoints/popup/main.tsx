import '../../components/options/locked.css';
import '../../components/popup/popup.css';
import { mountPopup } from '../../utils/ext/popup-mount';

const app = document.getElementById('app');
if (app) mountPopup(app);
