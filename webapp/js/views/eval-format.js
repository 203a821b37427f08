// Stored evaluations in words and numbers for the Evaluate view's table, comparison and trade-off plots.

/** "entropy s=2 (fashion-clf-ect)": what a stored config's guidance was, in a few words. */
export function describeGuidance(g) {
  if (!g || g.method === 'NONE') return 'none';
  const method = g.method.toLowerCase();
  const extra = g.method === 'TAIL' ? `, tail ${g.tailScale}, x̂0 λ ${g.x0Lambda}` : '';
  return `${method} s=${g.scale}${extra}${g.classifier ? ` (${g.classifier})` : ''}`;
}

export function describeSampler(s) {
  return `${s.kind.toLowerCase()} ${s.steps}${s.kind === 'DDIM' && s.eta ? ` η=${s.eta}` : ''}`;
}

/** The name of the second feature space most rows were measured in (null when none was). */
export function secondSpace(rows) {
  const counts = new Map();
  for (const r of rows) {
    const name = r.metrics?.second?.features;
    if (name) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

/** [lo, hi] in steps of 0.05 around values in [0, 1], with a margin of at least 0.01 on each side. */
export function unitRange(values) {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return [0, 1];
  const lo = Math.max(0, Math.floor((Math.min(...finite) - 0.01) * 20) / 20);
  const hi = Math.min(1, Math.ceil((Math.max(...finite) + 0.01) * 20) / 20);
  return [lo, Math.max(hi, lo + 0.05)];
}
