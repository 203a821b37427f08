// Watches a training or evaluation job on /ws/jobs/{id}. The server sends the current state first and closes after
// the final one, so after a dropped connection simply opening the socket again catches up.

import { Backoff } from './backoff.js';
import { socketUrl } from './protocol.js';

const FINAL = new Set(['completed', 'cancelled', 'failed']);

/**
 * Calls onProgress(progress) for every JobProgress, onConnection(state) on 'open'/'waiting', and onGone(message) when
 * the server does not know the job. Returns {stop()}.
 */
export function watchJob(jobId, { onProgress, onConnection = () => {}, onGone = () => {} }) {
  const backoff = new Backoff();
  let finished = false;
  let stopped = false;
  let ws = null;
  let timer = null;

  function open() {
    ws = new WebSocket(socketUrl(`/ws/jobs/${encodeURIComponent(jobId)}`));
    ws.onopen = () => {
      backoff.reset();
      onConnection('open');
    };
    ws.onmessage = (ev) => {
      const msg = JSON.parse(ev.data);
      if (msg.type === 'progress') {
        if (FINAL.has(msg.state)) finished = true;
        onProgress(msg);
      } else if (msg.type === 'error') {
        finished = true;
        onGone(msg.message);
      }
    };
    ws.onclose = () => {
      if (finished || stopped) return;
      onConnection('waiting');
      timer = setTimeout(open, backoff.next());
    };
  }

  open();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      ws?.close();
    },
  };
}

export function isFinal(state) {
  return FINAL.has(state);
}
