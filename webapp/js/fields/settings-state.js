// A generation's settings (the `generate` request that made a run, as the gallery keeps it) as form state
// (form-state.js): how "Reuse these settings" and "Same seed, other method" fill Generate's and Compare's forms.

/** The class select's value for these labels: one class for all, "each" for 0, 1, 2, …, "-1" for none. */
export function labelChoice(labels, numClasses) {
  if (labels.every((y) => y === labels[0])) return String(labels[0]);
  return 'each';
}

export function modelState(settings, numClasses) {
  return { model: settings.model, label: labelChoice(settings.label, numClasses), batch: String(settings.batch),
    seed: String(settings.seed) };
}

export function samplerState(s) {
  const state = { kind: s.kind, steps: String(s.steps) };
  if (s.kind === 'ddim') state.eta = String(s.eta ?? 0);
  return state;
}

export function guidanceState(g) {
  const state = { method: g.method };
  if (g.classifier) state.classifier = g.classifier;
  if (g.scale !== undefined) state.scale = String(g.scale);
  if (g.entropyFloor !== undefined) state.entropyFloor = String(g.entropyFloor);
  if (g.tail) Object.assign(state, { tailScale: String(g.tail.scale), tau: String(g.tail.tau), tMin: String(g.tail.tMin) });
  if (g.x0) state.x0Lambda = String(g.x0.lambda);
  return state;
}

/** The keys of a state with a configuration's prefix ("A."). */
export function prefixed(prefix, state) {
  return Object.fromEntries(Object.entries(state).map(([k, v]) => [`${prefix}.${k}`, v]));
}

/** Another guidance method to compare a run with: entropy-driven for a classifier-guided run, else ADM's. */
export function otherMethod(method) {
  return method === 'classifier' ? 'entropy' : 'classifier';
}
