/**
 * @format
 */

import { AppRegistry } from 'react-native';
import BackgroundFetch from 'react-native-background-fetch';

import App from './App';
import { name as appName } from './app.json';
import { runSync } from './sync';

AppRegistry.registerComponent(appName, () => App);

// Android only: runs when the app is terminated (enableHeadless: true).
const headlessTask = async (event) => {
  if (event.timeout) {
    BackgroundFetch.finish(event.taskId);
    return;
  }
  await runSync(event.taskId);
  BackgroundFetch.finish(event.taskId);
};

BackgroundFetch.registerHeadlessTask(headlessTask);
