import '../../components/options/locked.css';
import '../../components/options/options.css';
import { mountOptions } from '../../utils/ext/options-mount';

const app = document.getElementById('app');
if (app) mountOptions(app);
