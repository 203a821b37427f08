// A generation's settings in a few words, for titles, legends, the gallery and the text chunks of downloaded PNGs.
// Input is the `generate` request as the page sends it (docs/PROTOCOL.md), plus what `accepted` reported.

import { className } from './defaults.js';

/** "classifier s=2 (tiny-clf)", "entropy s=2, h_min 0.1", "tail s=2, tail 1 τ 0.3 t_min 0.2, x̂0 λ 0", "unguided". */
export function guidanceText(g = {}) {
  if (!g.method || g.method === 'none') return 'unguided';
  let text = `${g.method} s=${g.scale}`;
  if (g.method === 'entropy') text += `, h_min ${g.entropyFloor}`;
  if (g.method === 'tail') {
    text += `, tail ${g.tail?.scale} τ ${g.tail?.tau} t_min ${g.tail?.tMin}, x̂0 λ ${g.x0?.lambda}`;
  }
  return g.classifier ? `${text} (${g.classifier})` : text;
}

/** "DDIM 50 η 0", "momentum 50". */
export function samplerText(s = {}) {
  const kind = ['ddim', 'ddpm'].includes(s.kind) ? s.kind.toUpperCase() : s.kind;
  return `${kind} ${s.steps}${s.kind === 'ddim' ? ` η ${s.eta ?? 0}` : ''}`;
}

/** "one of each class", "7 Sneaker", "no class", or the list when it is anything else. */
export function labelsText(labels = [], numClasses = 10) {
  if (labels.length === 0) return '';
  if (labels.every((y) => y === labels[0])) {
    return labels[0] < 0 ? 'no class' : `${labels[0]} ${className(labels[0], numClasses)}`;
  }
  if (labels.every((y, i) => y === i % numClasses)) return 'one of each class';
  return `classes ${labels.join(', ')}`;
}

/** Everything that decides a run's images, in one line: model and version, classes, sampler, guidance, seed. */
export function runTitle(request, { modelVersion, numClasses = 10 } = {}) {
  const model = modelVersion ? `${request.model} v${modelVersion}` : request.model;
  return [model, labelsText(request.label, numClasses), samplerText(request.sampler),
    guidanceText(request.guidance), `seed ${request.seed}`].filter(Boolean).join(' · ');
}

/** The request without what only this page's connection needs: what reproduces the run. */
export function settingsOf(request) {
  const { type, requestId, resumable, preview, ...settings } = request;
  return settings;
}
