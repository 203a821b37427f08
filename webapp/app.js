import { openGenerateSocket } from './protocol.js';
import { LinePlot } from './plot.js';

const CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag',
  'Ankle boot'];
const $ = (id) => document.getElementById(id);

const entropyPlot = new LinePlot($('entropyPlot'), { yMin: 0, yMax: Math.log(10) });
const probPlot = new LinePlot($('probPlot'), { yMin: 0, yMax: 1 });
let socket = null;
let job = null; // { requestId, jobId, labels, steps }

function setStatus(text) {
  $('status').textContent = text;
}

async function loadModels() {
  const select = $('model');
  try {
    const res = await fetch('/api/models');
    const { models } = await res.json();
    const denoisers = models.filter((m) => m.role === 'EPSILON');
    for (const m of denoisers) {
      const opt = new Option(`${m.name} (v${m.version})`, m.name);
      opt.title = m.description;
      select.add(opt);
    }
    if (denoisers.length === 0) setStatus('No denoising model is published yet.');
  } catch (e) {
    setStatus('Cannot list models: ' + e.message);
  }
  const label = $('label');
  label.add(new Option('one of each (0, 1, 2, …)', 'each'));
  CLASSES.forEach((c, i) => label.add(new Option(`${i} — ${c}`, String(i))));
  label.value = '7';
}

function gridCells(container, n) {
  container.replaceChildren();
  for (let i = 0; i < n; i++) {
    const img = document.createElement('img');
    img.alt = `image ${i}`;
    img.width = 84;
    img.height = 84;
    container.append(img);
  }
}

function request() {
  const batch = Number($('batch').value);
  const labelChoice = $('label').value;
  const labels = labelChoice === 'each' ? Array.from({ length: batch }, (_, i) => i % 10)
    : Array(batch).fill(Number(labelChoice));
  return {
    type: 'generate',
    requestId: 'r' + Date.now(),
    model: $('model').value,
    label: labels,
    batch,
    seed: Number($('seed').value),
    sampler: { kind: $('sampler').value, steps: Number($('steps').value), eta: Number($('eta').value) },
    guidance: { method: $('method').value, scale: Number($('scale').value) },
    preview: { every: 1, kinds: ['xt', 'x0'] },
  };
}

function onText(msg) {
  if (msg.type === 'accepted') {
    job.jobId = msg.jobId;
    setStatus(`Running on ${msg.node} (seed ${msg.seed}).`);
  } else if (msg.type === 'step') {
    $('progress').value = msg.step / msg.of;
    $('counter').textContent = `step ${msg.step} / ${msg.of}`;
    if (msg.entropy.length) entropyPlot.add(msg.step, msg.entropy);
    if (msg.probs.length) {
      probPlot.add(msg.step, msg.probs.map((p, i) => p[job.labels[i]]));
      showProbs(msg.probs);
    }
  } else if (msg.type === 'done') {
    setStatus(`Done: ${msg.steps} steps in ${(msg.elapsedMs / 1000).toFixed(1)} s.`);
    finish();
  } else if (msg.type === 'error') {
    setStatus(`Error ${msg.code}: ${msg.message}`);
    if (!msg.jobId || msg.jobId === job?.jobId) finish();
  }
}

function onImage({ header, png }) {
  const grid = $(header.kind === 'xt' ? 'xt' : 'x0');
  const img = grid.children[header.index];
  if (!img) return;
  const old = img.src;
  img.src = URL.createObjectURL(png);
  if (old.startsWith('blob:')) URL.revokeObjectURL(old);
}

function showProbs(probs) {
  const table = $('probs');
  const head = '<tr><th>image</th>' + CLASSES.map((c) => `<th title="${c}">${c.split('/')[0]}</th>`).join('') + '</tr>';
  const rows = probs.map((p, i) => `<tr><th>${i} → ${CLASSES[job.labels[i]] ?? '—'}</th>` + p.map((v, c) =>
    `<td class="${c === job.labels[i] ? 'target' : ''}" style="--p:${v}">${(100 * v).toFixed(0)}</td>`).join('')
    + '</tr>').join('');
  table.innerHTML = head + rows;
}

function finish() {
  job = null;
  $('start').disabled = false;
  $('cancel').disabled = true;
}

async function start(ev) {
  ev.preventDefault();
  const req = request();
  job = { requestId: req.requestId, labels: req.label, steps: req.sampler.steps };
  gridCells($('xt'), req.batch);
  gridCells($('x0'), req.batch);
  entropyPlot.reset(req.sampler.steps, req.batch);
  probPlot.reset(req.sampler.steps, req.batch);
  $('progress').value = 0;
  $('start').disabled = true;
  $('cancel').disabled = false;
  setStatus('Connecting…');
  try {
    if (!socket || socket.ws.readyState !== WebSocket.OPEN) {
      socket = openGenerateSocket({ onText, onImage, onClose: () => { socket = null; } });
      await socket.ready;
    }
    socket.ws.send(JSON.stringify(req));
    setStatus('Submitted.');
  } catch (e) {
    setStatus(e.message);
    finish();
  }
}

function cancel() {
  if (job && socket) socket.ws.send(JSON.stringify({ type: 'cancel', requestId: job.requestId }));
}

$('controls').addEventListener('submit', start);
$('cancel').addEventListener('click', cancel);
loadModels();
