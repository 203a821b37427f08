// A line chart on a canvas with axes, ticks, axis labels and an HTML legend. Points arrive one by one; drawing is
// batched to the next animation frame and follows the element's width (sharp on high-DPI screens).

import { el } from './dom.js';

export const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf',
  '#7f7f7f', '#bcbd22'];
export const DASHES = [[], [6, 3], [2, 3], [8, 3, 2, 3]];

const MARGIN = { top: 22, bottom: 36 };

/** A "nice" tick spacing (1, 2 or 5 × 10^k) giving about `count` ticks over `span`. */
export function niceStep(span, count = 5) {
  const raw = span / Math.max(1, count);
  const pow = 10 ** Math.floor(Math.log10(raw));
  const m = raw / pow;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * pow;
}

function tickLabel(v, step) {
  const digits = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  return v.toFixed(Math.min(digits, 4));
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
    this.series = new Map(); // key -> {label, colour, dash, markers, points: [[x, y]]}
    this.canvas = el('canvas', { role: 'img', height, 'aria-label': title });
    this.legend = el('ul', { class: 'legend', 'aria-label': `${title}: legend` });
    this.element = el('figure', { class: 'plot' }, el('figcaption', {}, title), this.canvas, this.legend);
    this.pending = false;
    new ResizeObserver(() => this.scheduleDraw()).observe(this.canvas);
  }

  /** Sets the series (legend entries) and clears all points. */
  reset(series, xMax = this.xMax) {
    this.xMax = xMax > this.xMin ? xMax : this.xMin + 1; // an empty range (no step yet) shows one unit
    this.series = new Map(series.map((s) => [s.key, { ...s, points: [] }]));
    this.legend.replaceChildren(...series.map((s) => el('li', {},
      el('span', { class: 'swatch', style: s.markers ? `border-top: 6px dotted ${s.colour}`
        : `border-top: 3px ${s.dash?.length ? 'dashed' : 'solid'} ${s.colour}` }),
      s.label)));
    this.scheduleDraw();
  }

  add(key, x, y) {
    const s = this.series.get(key);
    if (!s || !Number.isFinite(y)) return;
    s.points.push([x, y]);
    this.scheduleDraw();
  }

  /** Replaces a series' points (e.g. a finished evaluation's curve). */
  setPoints(key, points) {
    const s = this.series.get(key);
    if (s) s.points = points.filter(([, y]) => Number.isFinite(y));
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
    for (const s of this.series.values()) {
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
    const right = 4 + ctx.measureText(String(this.xMax)).width / 2; // room for the last x tick's label
    const box = { x: left, y: MARGIN.top, w: width - left - right, h: this.height - MARGIN.top - MARGIN.bottom };
    const sx = (x) => box.x + ((x - this.xMin) / (this.xMax - this.xMin)) * box.w;
    const sy = (y) => box.y + (1 - (y - lo) / (hi - lo)) * box.h;
    this.drawAxes(ctx, box, lo, hi, sx, sy);
    ctx.save();
    ctx.beginPath();
    ctx.rect(box.x, box.y - 2, box.w + 2, box.h + 4);
    ctx.clip();
    for (const s of this.series.values()) this.drawSeries(ctx, s, sx, sy);
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

  drawSeries(ctx, s, sx, sy) {
    if (s.points.length === 0) return;
    ctx.strokeStyle = s.colour;
    ctx.fillStyle = s.colour;
    if (s.markers) { // a scatter: one dot per point, no line
      for (const [x, y] of s.points) {
        ctx.beginPath();
        ctx.arc(sx(x), sy(y), 4, 0, 2 * Math.PI);
        ctx.fill();
      }
      return;
    }
    ctx.lineWidth = 1.75;
    ctx.setLineDash(s.dash ?? []);
    ctx.beginPath();
    s.points.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(sx(x), sy(y)) : ctx.lineTo(sx(x), sy(y))));
    ctx.stroke();
    ctx.setLineDash([]);
    const [lx, ly] = s.points[s.points.length - 1];
    ctx.beginPath();
    ctx.arc(sx(lx), sy(ly), 2.5, 0, 2 * Math.PI);
    ctx.fill();
  }

  /** The latest value of each series as the canvas's accessible name. */
  describe() {
    const latest = [...this.series.values()].filter((s) => s.points.length)
      .map((s) => `${s.label}: ${s.points[s.points.length - 1][1].toPrecision(3)}`);
    this.canvas.setAttribute('aria-label', `${this.title}${latest.length ? '. Latest: ' + latest.join('; ') : ''}`);
  }
}
