// Keeps sampler, guidance and class fields consistent with the selected model (its role, classifier, chain length).

import { registry } from '../registry.js';

export async function applyModel(modelFields, samplers, guidances) {
  const model = modelFields.selected();
  guidances.forEach((g) => g.update(model));
  samplers.forEach((s) => s.update(model));
  syncLabels(modelFields, guidances);
  if (!model) return;
  const doc = await registry.card(model.name).catch(() => null);
  const steps = doc?.card?.diffusionSteps;
  if (steps && modelFields.selected() === model) samplers.forEach((s) => s.update(model, steps));
}

/** Guided runs need a class for every image, so "no class" is offered only when nothing is guided. */
export function syncLabels(modelFields, guidances) {
  modelFields.updateLabels(!guidances.some((g) => g.guided()));
}
