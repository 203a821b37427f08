// Small DOM helpers: elements from a tag, attributes and children; labelled form fields.

let nextId = 0;

/** A fresh id for tying a <label> to its control. */
export function uid(prefix = 'f') {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

/** el('div', {class: 'x', onclick: f}, 'text', child): attributes starting with "on" become listeners. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  node.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

/**
 * A <label> wrapping-free field: label text, the control (given an id if it has none), and an optional hint. A
 * 'wide' field puts the control under its label, at the form's full width (long option texts).
 */
export function field(text, control, hint, variant = '') {
  if (!control.id) control.id = uid();
  const label = el('label', { for: control.id }, text);
  const row = el('div', { class: `field ${variant}`.trim() }, label, control);
  if (hint) {
    const hintNode = el('small', { class: 'hint', id: uid('hint') }, hint);
    control.setAttribute('aria-describedby', hintNode.id);
    row.append(hintNode);
  }
  return row;
}

/** A number input from a {value, min, max, step} spec; a spec with a step takes any decimal. */
export function numberInput(name, spec) {
  return el('input', { type: 'number', name, value: spec.value, min: spec.min, max: spec.max,
    step: spec.step ? 'any' : 1, inputmode: spec.step ? 'decimal' : 'numeric', required: true });
}

/** A <select> from [value, text] pairs. */
export function select(name, options, value) {
  const s = el('select', { name });
  for (const [v, text] of options) s.add(new Option(text, v, false, v === value));
  return s;
}

/** Replaces a select's options, keeping the current value when it is still offered. */
export function setOptions(selectEl, options, preferred) {
  const keep = selectEl.value;
  selectEl.replaceChildren(...options.map(([v, text]) => new Option(text, v)));
  const values = options.map(([v]) => v);
  if (values.includes(keep)) selectEl.value = keep;
  else if (preferred !== undefined && values.includes(preferred)) selectEl.value = preferred;
}

/** Shows or hides a node; hidden controls are disabled, so the form neither validates nor submits them. */
export function showIf(node, visible) {
  node.hidden = !visible;
  for (const c of node.querySelectorAll('input, select, textarea')) c.disabled = !visible;
}

export function formatNumber(v, digits = 3) {
  if (v === null || v === undefined || Number.isNaN(v) || v === 'NaN') return '—';
  if (typeof v !== 'number') return String(v);
  if (Number.isInteger(v)) return v.toLocaleString('en');
  const abs = Math.abs(v);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e5)) return v.toExponential(2);
  return v.toFixed(digits);
}

export function formatDuration(seconds) {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
}
