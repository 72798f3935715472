/** Client entry: registers every element; index.html renders <cr-app>. */
import './components/cr-app.ts';
import { lang } from './i18n.ts';
import { registerOffline } from './offline/register.ts';

document.documentElement.lang = lang();
registerOffline();
