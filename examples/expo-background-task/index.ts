import { registerRootComponent } from 'expo';

// Task definitions must run at module scope, before the app renders, so that
// a headless launch for a background task finds them.
import './tasks';
import App from './App';

registerRootComponent(App);
