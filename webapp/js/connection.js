// One WebSocket to /ws/generate shared by every generation on the page. It routes server messages to their job,
// reconnects with backoff after a drop, and resumes its running jobs ({"type":"resume","jobId","lastStep"}): the
// server replays the steps the page missed, then the latest images, then `done` if the job ended meanwhile.
// Jobs submitted with a tag are remembered in the tab (sessionStorage) while they run, so that after a reload the
// view that started them can re-attach them (`reattach`): the same resume, from step 0.

import { Backoff } from './backoff.js';
import { forgetJob, rememberJob, rememberedJobs } from './job-store.js';
import { decodeImageFrame, newRequestId, socketUrl } from './protocol.js';

const STORE = 'generations';

const ACTIVE = new Set(['submitted', 'running']);

/** One generation as the page tracks it. `listener` gets accepted/step/image/resumed/ended/connection calls. */
export class Job {
  constructor(request, listener, tag = null) {
    this.request = request;
    this.requestId = request.requestId;
    this.listener = listener;
    this.tag = tag; // what the view needs to show it again after a reload; null: not remembered
    this.accepted = null; // the server's `accepted` message
    this.jobId = null;
    this.state = 'submitted';
    this.lastStep = 0;
    this.of = request.sampler?.steps ?? 0;
    this.sent = false;
    this.cancelRequested = false;
    this.message = '';
  }

  get active() {
    return ACTIVE.has(this.state);
  }

  notify(kind, payload) {
    this.listener?.[kind]?.(payload, this);
  }
}

export class GenerateConnection extends EventTarget {
  constructor({ path = '/ws/generate', backoff = new Backoff() } = {}) {
    super();
    this.path = path;
    this.backoff = backoff;
    this.ws = null;
    this.state = 'idle';
    this.retryAt = 0;
    this.retryTimer = null;
    this.jobs = new Map(); // requestId -> Job, while active
    this.endedIds = new Set(); // requestIds of ended jobs: late replies about them are not errors of the page
    window.addEventListener('online', () => this.reconnectNow());
  }

  connect() {
    if (this.ws) return;
    clearTimeout(this.retryTimer);
    this.setState('connecting');
    const ws = new WebSocket(socketUrl(this.path));
    ws.binaryType = 'arraybuffer';
    ws.onopen = () => this.onOpen(ws);
    ws.onmessage = (ev) => this.onMessage(ev.data);
    ws.onclose = () => this.onClose(ws);
    this.ws = ws;
  }

  reconnectNow() {
    if (this.state === 'waiting') this.connect();
  }

  /**
   * Starts a generation; the request gets a requestId if it has none. With a `tag` ({view, …}) the running job is
   * remembered in this tab, for `remembered(view)` after a reload.
   */
  submit(request, listener, tag = null) {
    if (!request.requestId) request.requestId = newRequestId();
    const job = new Job(request, listener, tag);
    this.jobs.set(job.requestId, job);
    if (this.state === 'open') this.sendGenerate(job);
    else this.connect();
    return job;
  }

  /** The jobs a view started that were still running when the page was last left: [{jobId, request, accepted, tag}]. */
  remembered(view) {
    return rememberedJobs(STORE).filter((e) => e.tag?.view === view);
  }

  /** Follows a remembered job again: resumes it from its first step, as after a dropped connection. */
  reattach(entry, listener) {
    const job = new Job(entry.request, listener, entry.tag);
    Object.assign(job, { jobId: entry.jobId, accepted: entry.accepted, state: 'running', sent: true,
      of: entry.accepted?.steps ?? job.of });
    this.jobs.set(job.requestId, job);
    if (this.state === 'open') this.resume(job);
    else this.connect();
    return job;
  }

  resume(job) {
    this.send({ type: 'resume', jobId: job.jobId, lastStep: job.lastStep });
    if (job.cancelRequested) this.send(this.cancelMessage(job));
    job.notify('connection', 'resuming');
  }

  cancel(job) {
    if (!job.active) return;
    job.cancelRequested = true;
    if (this.state !== 'open') return; // sent after the resume, once reconnected
    if (!job.sent) {
      this.end(job, 'cancelled', 'cancelled before it was sent');
      return;
    }
    this.send(this.cancelMessage(job));
  }

  /** Sends if the socket is open; what cannot be sent now goes out (or is resumed) after the next reconnect. */
  send(msg) {
    if (this.ws?.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(msg));
    return true;
  }

  setState(state) {
    this.state = state;
    this.dispatchEvent(new CustomEvent('state', { detail: { state, retryAt: this.retryAt,
      attempt: this.backoff.attempt } }));
  }

  cancelMessage(job) {
    return job.jobId ? { type: 'cancel', requestId: job.requestId, jobId: job.jobId }
      : { type: 'cancel', requestId: job.requestId };
  }

  sendGenerate(job) {
    job.sent = this.send(job.request);
  }

  onOpen(ws) {
    if (ws !== this.ws) return;
    this.backoff.reset();
    this.setState('open');
    for (const job of [...this.jobs.values()]) {
      if (job.jobId) {
        this.resume(job);
      } else if (job.sent) {
        // The server may have started it, but without its job id there is nothing to resume.
        this.end(job, 'lost', 'the connection dropped before the server accepted the job; start it again');
      } else if (job.cancelRequested) {
        this.end(job, 'cancelled', 'cancelled before it was sent');
      } else {
        this.sendGenerate(job);
      }
    }
  }

  onClose(ws) {
    if (ws !== this.ws) return;
    this.ws = null;
    const delay = this.backoff.next();
    this.retryAt = Date.now() + delay;
    this.setState('waiting');
    for (const job of this.jobs.values()) job.notify('connection', 'disconnected');
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  onMessage(data) {
    if (typeof data !== 'string') {
      const frame = decodeImageFrame(data);
      this.byJobId(frame.header.jobId)?.notify('image', frame);
      return;
    }
    const msg = JSON.parse(data);
    const job = (msg.jobId && this.byJobId(msg.jobId)) || (msg.requestId && this.jobs.get(msg.requestId));
    if (!job) {
      const late = msg.requestId && this.endedIds.has(msg.requestId); // e.g. a cancel that crossed the job's end
      if (msg.type === 'error' && !late) this.dispatchEvent(new CustomEvent('error', { detail: msg }));
      return;
    }
    this.route(job, msg);
  }

  route(job, msg) {
    switch (msg.type) {
      case 'accepted':
        job.jobId = msg.jobId;
        job.of = msg.steps;
        job.state = 'running';
        job.accepted = msg;
        if (job.tag) rememberJob(STORE, { jobId: msg.jobId, request: job.request, accepted: msg, tag: job.tag });
        job.notify('accepted', msg);
        break;
      case 'step':
        if (msg.step <= job.lastStep) return; // already seen (a replay overlapping what arrived)
        job.lastStep = msg.step;
        job.of = msg.of;
        job.notify('step', msg);
        break;
      case 'resumed':
        job.notify('resumed', msg);
        break;
      case 'done':
        this.end(job, 'done', `${msg.steps} steps in ${(msg.elapsedMs / 1000).toFixed(1)} s`);
        break;
      case 'error':
        this.onJobError(job, msg);
        break;
      default:
        break;
    }
  }

  onJobError(job, msg) {
    if (msg.code === 'CANCELLED') this.end(job, 'cancelled', msg.message);
    else if (msg.code === 'NOT_FOUND') this.end(job, 'lost', msg.message);
    else this.end(job, 'failed', `${msg.code}: ${msg.message}`);
  }

  byJobId(jobId) {
    for (const job of this.jobs.values()) if (job.jobId === jobId) return job;
    return null;
  }

  end(job, state, message) {
    job.state = state;
    job.message = message;
    if (job.tag && job.jobId) forgetJob(STORE, job.jobId);
    this.jobs.delete(job.requestId);
    this.endedIds.add(job.requestId);
    if (this.endedIds.size > 200) this.endedIds.delete(this.endedIds.values().next().value);
    job.notify('ended', { state, message });
  }
}
