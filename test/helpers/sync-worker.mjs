/**
 * A stock y-websocket client in a worker thread, so applying what the server sends (a report at the
 * import limits is 1.8 MB to apply) does not count as the server's event loop (the server under test
 * runs in the test process). workerData: `{ url, room, token }`. Connects, waits until synced, posts
 * the doc's state as one update and closes.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

const { url, room, token } = workerData;
const doc = new Y.Doc();
const provider = new WebsocketProvider(url, room, doc, {
  params: { token },
  WebSocketPolyfill: WebSocket,
  disableBc: true,
});
provider.on('sync', (synced) => {
  if (!synced) return;
  const state = Y.encodeStateAsUpdate(doc);
  provider.destroy();
  parentPort.postMessage(state, [state.buffer]);
});
