import * as Y from 'yjs';
import { MessageType, SyncStep } from '../../shared/protocol.ts';
import { decodeFrame, updateMessage } from '../rooms/messages.ts';

/**
 * Merges each run of consecutive update messages in `frames` into one update message. Frames held back
 * by the budget are one client's transactions in order; merged, the room checks, applies, stores and
 * relays them as one (the result is the same doc), so a burst costs one message of the budget per
 * wait instead of one per keystroke. Anything else (and a run that does not merge) is kept as it is, in
 * place, for the room to handle or refuse.
 */
export function mergeQueuedUpdates(frames: Uint8Array[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let run: Uint8Array[] = [];
  let runFrames: Uint8Array[] = [];
  const endRun = () => {
    if (runFrames.length > 1) {
      try {
        out.push(updateMessage(Y.mergeUpdates(run)));
      } catch {
        out.push(...runFrames);
      }
    } else out.push(...runFrames);
    run = [];
    runFrames = [];
  };
  for (const data of frames) {
    // Tag bytes first: a paused flood can queue thousands of frames, and most are not updates.
    const frame = data[0] === MessageType.sync && data[1] === SyncStep.update ? decodeFrame(data) : null;
    if (frame?.type === MessageType.sync && frame.sub === SyncStep.update) {
      run.push(frame.payload);
      runFrames.push(data);
    } else {
      endRun();
      out.push(data);
    }
  }
  endRun();
  return out;
}
