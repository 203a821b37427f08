// A line chart on a canvas with axes, ticks, axis labels and an HTML legend. Points arrive one by one; drawing is
// batched to the next animation frame and follows the element's width (sharp on high-DPI screens).
// Reading it: hovering shows the nearest point's series and value; a legend entry isolates its series (click again
// for all; Ctrl- or Shift-click adds or removes one), and hovering it highlights the line.

import { el } from './dom.js';

export const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf',
  '#7f7f7f', '#bcbd22'];
export const DASHES = [[], [6, 3], [2, 3], [8, 3, 2, 3]];

/** Series i's colour and dash: ten colours, then the same ten dashed, so 40 series never look alike. */
export function seriesStyle(i) {
  return { colour: COLOURS[i % COLOURS.length], dash: DASHES[Math.floor(i / COLOURS.length) % DASHES.length] };
}

const MARGIN = { top: 22, bottom: 36 };
const HOVER_PX = 28;

/** A "nice" tick spacing (1, 2 or 5 × 10^k) giving about `count` ticks over `span`. */
export function niceStep(span, count = 5) {
  const raw = span / Math.max(1, count);
  const pow = 10 ** Math.floor(Math.log10(raw));
  const m = raw / pow;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * pow;
}

function tickLabel(v, step) {
  if (step < 1e-3) return Math.abs(v) < step / 2 ? '0' : v.toExponential(1); // 5.0e-5, not 0.0001 twice
  const digits = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  return v.toFixed(digits);
}

function valueText(v) {
  const abs = Math.abs(v);
  return abs !== 0 && (abs < 1e-3 || abs >= 1e5) ? v.toExponential(2) : v.toPrecision(3);
}

export class LinePlot {
  /**
   * yMin/yMax fix the y range (leave yMax out to fit the data); xMin/xMax are the first and last x (e.g. 0 and the
   * step count). A span of x above 2 gets whole-number ticks (steps); a smaller one gets fractional ticks.
   */
  constructor({ title, xLabel = 'step', yLabel = '', yMin = 0, yMax, xMin = 0, xMax = 1, height = 190 }) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
    this.fixedMin = yMin;
    this.fixedMax = yMax;
    this.xMin = xMin;
    this.xMax = xMax;
    this.height = height;
    this.series = new Map(); // key -> {label, colour, dash, markers (a scatter), points: [[x, y, note?]]}
    this.isolated = new Set(); // keys shown alone (empty: all)
    this.highlight = null;
    this.hover = null; // {key, point} under the pointer
    this.canvas = el('canvas', { role: 'img', height, 'aria-label': title });
    this.readout = el('p', { class: 'readout', hidden: true });
    this.legend = el('ul', { class: 'legend', 'aria-label': `${title}: legend; a series' button shows it alone` });
    this.element = el('figure', { class: 'plot' }, el('figcaption', {}, title),
      el('div', { class: 'plot-area' }, this.canvas, this.readout), this.legend);
    this.pending = false;
    new ResizeObserver(() => this.scheduleDraw()).observe(this.canvas);
    this.canvas.addEventListener('pointermove', (e) => this.onPointer(e));
    this.canvas.addEventListener('pointerleave', () => this.setHover(null));
  }

  /** Sets the series (legend entries) and clears all points. */
  reset(series, xMax = this.xMax) {
    this.xMax = xMax > this.xMin ? xMax : this.xMin + 1; // an empty range (no step yet) shows one unit
    this.element.dataset.xMax = String(this.xMax); // the x axis' end, readable without the canvas
    this.series = new Map(series.map((s) => [s.key, { ...s, points: [] }]));
    this.isolated.clear();
    this.hover = null;
    this.renderLegend();
    this.scheduleDraw();
  }

  renderLegend() {
    this.legend.replaceChildren(...[...this.series.entries()].map(([key, s]) => {
      const swatch = el('span', { class: 'swatch', style: s.markers ? `border-top: 6px dotted ${s.colour}`
        : `border-top: 3px ${s.dash?.length ? 'dashed' : 'solid'} ${s.colour}` });
      const button = el('button', { type: 'button', class: 'legend-item', 'aria-pressed': 'false',
        'data-key': String(key), onclick: (e) => this.toggle(key, e.ctrlKey || e.metaKey || e.shiftKey),
        onpointerenter: () => this.setHighlight(key), onpointerleave: () => this.setHighlight(null),
        onfocus: () => this.setHighlight(key), onblur: () => this.setHighlight(null) }, swatch, s.label);
      return el('li', {}, button);
    }));
  }

  /** Shows `key` alone (or all again); with `add`, adds it to or removes it from the isolated set. */
  toggle(key, add = false) {
    if (add) {
      if (this.isolated.has(key)) this.isolated.delete(key);
      else this.isolated.add(key);
    } else if (this.isolated.size === 1 && this.isolated.has(key)) {
      this.isolated.clear();
    } else {
      this.isolated = new Set([key]);
    }
    for (const b of this.legend.querySelectorAll('button')) {
      const shown = this.isolated.has([...this.series.keys()].find((k) => String(k) === b.dataset.key));
      b.setAttribute('aria-pressed', String(shown));
      b.classList.toggle('muted', this.isolated.size > 0 && !shown);
    }
    this.scheduleDraw();
  }

  visible() {
    return [...this.series.entries()].filter(([k]) => this.isolated.size === 0 || this.isolated.has(k));
  }

  setHighlight(key) {
    this.highlight = key;
    this.scheduleDraw();
  }

  add(key, x, y) {
    const s = this.series.get(key);
    if (!s || !Number.isFinite(y)) return;
    s.points.push([x, y]);
    this.scheduleDraw();
  }

  /** Replaces a series' points ([x, y] or [x, y, note], the note shown on hover). */
  setPoints(key, points) {
    const s = this.series.get(key);
    if (s) s.points = points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
    this.scheduleDraw();
  }

  /** Draws on the next frame; the accessible name follows the data at once (frames wait for layout and visibility). */
  scheduleDraw() {
    this.describe();
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.draw();
    });
  }

  yRange() {
    let lo = this.fixedMin ?? Infinity;
    let hi = this.fixedMax ?? -Infinity;
    for (const [, s] of this.visible()) {
      for (const [, y] of s.points) {
        if (this.fixedMin === undefined) lo = Math.min(lo, y);
        if (this.fixedMax === undefined) hi = Math.max(hi, y);
      }
    }
    if (!Number.isFinite(lo)) lo = 0;
    if (!Number.isFinite(hi) || hi <= lo) hi = lo + 1;
    if (this.fixedMax === undefined) hi = Math.ceil((hi + 0.04 * (hi - lo)) / niceStep(hi - lo)) * niceStep(hi - lo);
    return [lo, hi];
  }

  draw() {
    const width = this.canvas.clientWidth || 320;
    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(width * dpr);
    this.canvas.height = Math.round(this.height * dpr);
    const ctx = this.canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, this.height);
    const [lo, hi] = this.yRange();
    ctx.font = '11px system-ui, sans-serif';
    const left = 10 + Math.max(...this.yTicks(lo, hi).map(([, text]) => ctx.measureText(text).width));
    const right = 4 + ctx.measureText(tickLabel(this.xMax, niceStep(this.xMax - this.xMin))).width / 2;
    const box = { x: left, y: MARGIN.top, w: width - left - right, h: this.height - MARGIN.top - MARGIN.bottom };
    const sx = (x) => box.x + ((x - this.xMin) / (this.xMax - this.xMin)) * box.w;
    const sy = (y) => box.y + (1 - (y - lo) / (hi - lo)) * box.h;
    this.geometry = { sx, sy };
    this.drawAxes(ctx, box, lo, hi, sx, sy);
    ctx.save();
    ctx.beginPath();
    ctx.rect(box.x, box.y - 2, box.w + 2, box.h + 4);
    ctx.clip();
    const emphasis = this.hover?.key ?? this.highlight;
    const visible = this.visible();
    for (const [key, s] of visible) if (key !== emphasis) this.drawSeries(ctx, s, sx, sy, emphasis === null ? 1 : 0.3);
    const top = visible.find(([key]) => key === emphasis);
    if (top) this.drawSeries(ctx, top[1], sx, sy, 1, 3);
    if (this.hover) this.drawHover(ctx, box, sx, sy);
    ctx.restore();
  }

  /** [value, text] of the y ticks. */
  yTicks(lo, hi) {
    const step = niceStep(hi - lo, 4);
    const ticks = [];
    for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-6; v += step) ticks.push([v, tickLabel(v, step)]);
    return ticks;
  }

  drawAxes(ctx, box, lo, hi, sx, sy) {
    ctx.fillStyle = '#444';
    ctx.strokeStyle = '#e4e4ea';
    ctx.lineWidth = 1;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const [v, text] of this.yTicks(lo, hi)) {
      const y = Math.round(sy(v)) + 0.5;
      ctx.beginPath();
      ctx.moveTo(box.x, y);
      ctx.lineTo(box.x + box.w, y);
      ctx.stroke();
      ctx.fillText(text, box.x - 4, y);
    }
    const span = this.xMax - this.xMin;
    const nice = niceStep(span, Math.max(2, Math.floor(box.w / 60)));
    const xStep = span > 2 ? Math.max(1, nice) : nice;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (let i = Math.ceil(this.xMin / xStep - 1e-9); i * xStep <= this.xMax + xStep * 1e-6; i++) {
      ctx.fillText(tickLabel(i * xStep, xStep), sx(i * xStep), box.y + box.h + 4);
    }
    ctx.strokeStyle = '#888';
    ctx.strokeRect(box.x + 0.5, box.y + 0.5, box.w, box.h);
    ctx.fillText(`${this.xLabel} →`, box.x + box.w / 2, box.y + box.h + 19);
    ctx.textAlign = 'left';
    ctx.textBaseline = 'bottom';
    ctx.fillText(`↑ ${this.yLabel}`, 2, box.y - 6);
  }

  drawSeries(ctx, s, sx, sy, alpha = 1, width = 1.75) {
    if (s.points.length === 0) return;
    ctx.globalAlpha = alpha;
    ctx.strokeStyle = s.colour;
    ctx.fillStyle = s.colour;
    if (!s.markers) {
      ctx.lineWidth = width;
      ctx.setLineDash(s.dash ?? []);
      ctx.beginPath();
      s.points.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(sx(x), sy(y)) : ctx.lineTo(sx(x), sy(y))));
      ctx.stroke();
      ctx.setLineDash([]);
    }
    const dots = s.markers ? s.points : [s.points.at(-1)]; // a line marks its latest point
    for (const [x, y] of dots) {
      ctx.beginPath();
      ctx.arc(sx(x), sy(y), s.markers ? 4 : 2.5, 0, 2 * Math.PI);
      ctx.fill();
    }
    ctx.globalAlpha = 1;
  }

  drawHover(ctx, box, sx, sy) {
    const s = this.series.get(this.hover.key);
    const [x, y] = this.hover.point;
    ctx.strokeStyle = '#999';
    ctx.setLineDash([3, 3]);
    ctx.beginPath();
    ctx.moveTo(Math.round(sx(x)) + 0.5, box.y);
    ctx.lineTo(Math.round(sx(x)) + 0.5, box.y + box.h);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = s.colour;
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.arc(sx(x), sy(y), 5, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
  }

  /** The visible point nearest the pointer (within HOVER_PX), in screen distance. */
  nearest(px, py) {
    if (!this.geometry) return null;
    const { sx, sy } = this.geometry;
    let best = null;
    for (const [key, s] of this.visible()) {
      for (const point of s.points) {
        const d = Math.hypot(sx(point[0]) - px, sy(point[1]) - py);
        if (d <= HOVER_PX && (!best || d < best.d)) best = { key, point, d };
      }
    }
    return best;
  }

  onPointer(e) {
    const r = this.canvas.getBoundingClientRect();
    this.setHover(this.nearest(e.clientX - r.left, e.clientY - r.top));
  }

  setHover(hit) {
    const same = hit?.key === this.hover?.key && hit?.point === this.hover?.point;
    this.hover = hit;
    if (hit) {
      const s = this.series.get(hit.key);
      const [x, y, note] = hit.point;
      const at = this.xLabel === 'step' ? `step ${x}` : `${this.xLabel} ${valueText(x)}`;
      this.readout.textContent = `${s.label} · ${at}: ${this.yLabel || 'value'} ${valueText(y)}${note ? ` · ${note}`
        : ''}`;
      this.readout.style.setProperty('--colour', s.colour);
    }
    this.readout.hidden = !hit;
    if (!same) this.scheduleDraw();
  }

  /** The latest value of each visible series as the canvas's accessible name. */
  describe() {
    const latest = this.visible().map(([, s]) => s).filter((s) => s.points.length)
      .map((s) => `${s.label}: ${valueText(s.points[s.points.length - 1][1])}`);
    this.canvas.setAttribute('aria-label', `${this.title}${latest.length ? '. Latest: ' + latest.join('; ') : ''}`);
  }
}
