// Protocol defaults and ranges, mirrored from docs/PROTOCOL.md in this one place. The server is the authority:
// it validates every request and answers BAD_REQUEST naming the field, which the page shows as it is.
// GenerateDefaultsTest holds GENERATE's value/min/max to the server's table (protocol/GenerateDefaults.java).

export const FASHION_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt',
  'Sneaker', 'Bag', 'Ankle boot'];

/** A class's name for people: the Fashion-MNIST name when there are ten classes, else its number. */
export function className(label, numClasses = 10) {
  if (label < 0) return 'no class';
  return numClasses === 10 ? FASHION_CLASSES[label] ?? String(label) : `class ${label}`;
}

/**
 * The class-guidance scale the page starts every form with (the protocol's default is 1.0): s = 2 is where the shipped
 * models' guided runs show their effect (docs/EXPERIMENTS.md), and one value everywhere lets runs be compared.
 */
export const PAGE_SCALE = 2;

export const GENERATE = {
  batch: { value: 4, min: 1, max: 64 },
  seed: { value: 42, min: 0, max: 2 ** 53 - 1 },
  steps: { value: 50, min: 1, max: 1000 },
  eta: { value: 0, min: 0, max: 1, step: 0.1 },
  scale: { value: 1.0, min: 0, max: 100, step: 0.5 },
  entropyFloor: { value: 0.1, min: 0.001, max: 10, step: 0.05 },
  tailScale: { value: 4.0, min: 0, max: 100, step: 0.5 },
  tau: { value: 0.3, min: 0, max: 1, step: 0.05 },
  tMin: { value: 0.2, min: 0, max: 1, step: 0.05 },
  x0Lambda: { value: 1, min: 0, max: 1, step: 0.05 },
  previewEvery: 1,
};

/** Samplers by model role: ε models take DDPM/DDIM, blur models Soft Diffusion's momentum and naive samplers. */
export const SAMPLERS = {
  EPSILON: [['ddim', 'DDIM'], ['ddpm', 'DDPM (ancestral)']],
  BLUR: [['momentum', 'momentum'], ['naive', 'naive']],
};

export const GUIDANCE_METHODS = [
  ['none', 'none'],
  ['classifier', 'classifier (ADM)'],
  ['entropy', 'entropy (ED-DPM)'],
  ['tail', 'tail + x̂0 (density-aware)'],
];

export const TRAIN = {
  objectives: [['eps', 'ε-prediction (denoiser)'], ['stf', 'stable target field (denoiser)'],
    ['soft', 'soft score matching (blur denoiser)'], ['ce', 'cross-entropy (noise-aware classifier)'],
    ['ect', 'entropy-constraint training (classifier)'], ['features', 'clean classifier (features)']],
  presets: [['unet-cond', 'U-Net, class-conditional'], ['unet-uncond', 'U-Net, unconditional'],
    ['classifier', 'classifier']],
  steps: { value: 1000, min: 1, max: 1000000 },
  batch: { value: 128, min: 1, max: 512 },
  seed: { value: 1, min: 0, max: 2 ** 31 - 1 },
  checkpointEvery: { value: 250, min: 1, max: 1000000 },
};

/** The preset a training objective implies when the user leaves it on "auto". */
export function defaultPreset(objective) {
  return ['ce', 'ect', 'features'].includes(objective) ? 'classifier' : 'unet-cond';
}

export function defaultLearningRate(preset) {
  return preset === 'classifier' ? 3e-4 : 5e-4;
}

export const EVAL = {
  // The protocol's default n is 1000; a first evaluation here should take a minute or two, not a quarter of an hour.
  // The shipped evaluations use n = 2000, and figures compare only at equal n (the table shows n).
  n: { value: 200, min: 4, max: 50000 },
  seed: { value: 0, min: 0, max: 2 ** 53 - 1 },
  batch: { value: 64, min: 1, max: 256 },
  features: 'fashion-features',
};
