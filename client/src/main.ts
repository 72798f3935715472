/** Client entry: registers every element; index.html renders <cr-app>. */
import './components/cr-app.ts';
import { lang } from './i18n.ts';

document.documentElement.lang = lang();
