// A small line chart on a canvas: one series per image, redrawn as points arrive.

const COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f',
  '#bcbd22', '#17becf', '#393b79', '#637939', '#8c6d31', '#843c39', '#7b4173', '#3182bd'];

export class LinePlot {
  constructor(canvas, { yMin = 0, yMax = 1, xMax = 1, label = '' } = {}) {
    this.canvas = canvas;
    this.ctx = canvas.getContext('2d');
    this.yMin = yMin;
    this.yMax = yMax;
    this.xMax = xMax;
    this.label = label;
    this.series = [];
  }

  reset(xMax, seriesCount) {
    this.xMax = Math.max(1, xMax);
    this.series = Array.from({ length: seriesCount }, () => []);
    this.draw();
  }

  add(x, values) {
    values.forEach((v, i) => {
      if (!this.series[i]) this.series[i] = [];
      this.series[i].push([x, v]);
    });
    this.draw();
  }

  draw() {
    const { ctx, canvas } = this;
    const w = canvas.width, h = canvas.height, pad = 28;
    ctx.clearRect(0, 0, w, h);
    ctx.strokeStyle = '#999';
    ctx.lineWidth = 1;
    ctx.strokeRect(pad, 4, w - pad - 4, h - pad);
    ctx.fillStyle = '#444';
    ctx.font = '11px sans-serif';
    ctx.fillText(this.yMax.toFixed(2), 2, 12);
    ctx.fillText(this.yMin.toFixed(2), 2, h - pad);
    ctx.fillText('step →', w - 50, h - 8);
    const sx = (x) => pad + (x / this.xMax) * (w - pad - 4);
    const sy = (y) => 4 + (1 - (y - this.yMin) / (this.yMax - this.yMin)) * (h - pad - 4);
    this.series.forEach((pts, i) => {
      if (pts.length === 0) return;
      ctx.strokeStyle = COLOURS[i % COLOURS.length];
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      pts.forEach(([x, y], j) => (j === 0 ? ctx.moveTo(sx(x), sy(y)) : ctx.lineTo(sx(x), sy(y))));
      ctx.stroke();
    });
  }
}
