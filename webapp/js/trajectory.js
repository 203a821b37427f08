// The frames of one generation as they arrive: per kind (xt, x0) and image, the PNG of each step the page received
// (a slow connection skips some previews; the last step's never are). What the zoom view plays and the gallery keeps.

const KINDS = ['xt', 'x0'];

export class Trajectory {
  constructor(images = 0) {
    this.reset(images);
  }

  reset(images) {
    this.frames = Object.fromEntries(KINDS.map((k) => [k, Array.from({ length: images }, () => [])]));
  }

  /** A binary frame's header ({step, kind, index}) and its PNG blob; frames may arrive out of step order. */
  add({ step, kind, index }, png) {
    const list = this.frames[kind]?.[index];
    if (!list || list.some((f) => f.step === step)) return;
    list.push({ step, png });
    list.sort((a, b) => a.step - b.step);
  }

  /** The latest frame of every image of a kind (PNG blobs; null where none arrived). */
  latest(kind = 'xt') {
    return this.frames[kind].map((list) => list.at(-1)?.png ?? null);
  }

  /** At most `max` frames per image and kind, evenly spaced and always with the last: what the gallery stores. */
  thinned(max = 60) {
    const thin = (list) => (list.length <= max ? list
      : Array.from({ length: max }, (_, i) => list[Math.round((i * (list.length - 1)) / (max - 1))]));
    return Object.fromEntries(KINDS.map((k) => [k, this.frames[k].map(thin)]));
  }

  /** A trajectory as stored ({xt: [[{step, png}]], x0: …}). */
  static from(stored) {
    const t = new Trajectory(0);
    t.frames = { xt: stored?.xt ?? [], x0: stored?.x0 ?? [] };
    return t;
  }
}
