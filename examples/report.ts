// report.svg: test accuracy and training loss per epoch, BN against plain. With several seeds each model
// is its mean ± sd band with the single runs drawn thin; runs that collapsed to chance are marked.
export interface RunResult {
  model: string;
  /** The run's seed (--seeds keeps every run). */
  seed?: number;
  epochs: Array<{ epoch: number; loss: number; accuracy: number; seconds: number }>;
}

/** Chance on CIFAR-10's ten classes, in percent. */
export const CHANCE = 10;

/** A run that ended at chance (≈10 % test accuracy): it learned nothing, as plain LeNet-5 can at lr 0.01. */
export function collapsed(r: RunResult): boolean {
  const last = r.epochs[r.epochs.length - 1];
  return !!last && Math.abs(last.accuracy - CHANCE) < 1;
}

/** Mean and sample standard deviation (n - 1; 0 for one value). */
export function meanSd(v: number[]): { mean: number; sd: number } {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const sd = v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1)) : 0;
  return { mean, sd };
}

/** Per model: its seeds, the final test accuracy's mean ± sd over them, the seeds that collapsed. */
export function summarize(runs: RunResult[]) {
  return [...new Set(runs.map((r) => r.model))].map((model) => {
    const rs = runs.filter((r) => r.model === model);
    const finals = rs.filter((r) => r.epochs.length > 0).map((r) => r.epochs[r.epochs.length - 1]!.accuracy);
    return {
      model,
      seeds: rs.map((r) => r.seed ?? 0),
      finalAccuracy: meanSd(finals),
      collapsed: rs.filter(collapsed).map((r) => r.seed ?? 0),
    };
  });
}

/** Each model's runs, in order of first appearance. */
function byModel(runs: RunResult[]): Array<[string, RunResult[]]> {
  return [...new Set(runs.map((r) => r.model))].map((m) => [m, runs.filter((r) => r.model === m)]);
}

const COLORS: Record<string, string> = { bn: "#d62728", plain: "#1f77b4" };
const LABELS: Record<string, string> = { bn: "LeNet-5 + BatchNorm", plain: "LeNet-5 (no BatchNorm)" };

function panel(runs: RunResult[], key: "accuracy" | "loss", x0: number, title: string, yLabel: string): string {
  const W = 420,
    H = 300,
    left = 60,
    bottom = 50,
    top = 40,
    right = 20;
  const pw = W - left - right,
    ph = H - top - bottom;
  const nEp = Math.max(1, ...runs.map((r) => r.epochs.length));
  // Each model's mean ± sd per epoch (drawn as a band when it has several runs).
  const bands = byModel(runs).map(([, rs]) =>
    Array.from({ length: nEp }, (_, i) => {
      const v = rs.filter((r) => r.epochs[i]).map((r) => r.epochs[i]![key]);
      return v.length ? { epoch: i + 1, ...meanSd(v) } : null;
    }).filter((s) => s !== null),
  );
  const all = runs.flatMap((r) => r.epochs.map((e) => e[key]));
  for (const [i, [, rs]] of byModel(runs).entries())
    if (rs.length > 1) all.push(...bands[i]!.flatMap((s) => [s.mean - s.sd, s.mean + s.sd]));
  // The accuracy axis always shows the chance line, with room below it.
  if (key === "accuracy") all.push(CHANCE - 2);
  const finite = all.filter(Number.isFinite);
  if (finite.length === 0) finite.push(0, 1);
  const dataLo = Math.min(...finite),
    dataHi = Math.max(...finite);
  // Ticks at a round step (1, 2 or 5 times a power of ten), about six of them; the axis ends on ticks,
  // the top one above the highest point.
  const raw = Math.max(dataHi - dataLo, 1e-6) / 6,
    mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((k) => k * mag).find((x) => x >= raw * (1 - 1e-9))!;
  const lo = Math.max(0, Math.floor(dataLo / step + 1e-9) * step);
  let hi = (Math.floor(dataHi / step + 1e-9) + 1) * step;
  if (key === "accuracy") hi = Math.min(100, hi);
  if (hi <= lo) hi = lo + step;
  const sx = (e: number) => x0 + left + (nEp === 1 ? pw / 2 : ((e - 1) / (nEp - 1)) * pw);
  const sy = (v: number) => top + ph - ((v - lo) / (hi - lo)) * ph;
  const out: string[] = [];
  out.push(
    `<text x="${x0 + left + pw / 2}" y="24" text-anchor="middle" font-size="15" font-weight="bold">${title}</text>`,
  );
  out.push(`<rect x="${x0 + left}" y="${top}" width="${pw}" height="${ph}" fill="none" stroke="#444"/>`);
  const digits = Math.max(0, -Math.floor(Math.log10(step)));
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) {
    const y = sy(v);
    out.push(`<line x1="${x0 + left}" x2="${x0 + left + pw}" y1="${y}" y2="${y}" stroke="#ddd"/>`);
    out.push(`<text x="${x0 + left - 6}" y="${y + 4}" text-anchor="end" font-size="11">${v.toFixed(digits)}</text>`);
  }
  for (let e = 1; e <= nEp; e++)
    out.push(`<text x="${sx(e)}" y="${top + ph + 16}" text-anchor="middle" font-size="11">${e}</text>`);
  out.push(`<text x="${x0 + left + pw / 2}" y="${H - 8}" text-anchor="middle" font-size="12">epoch</text>`);
  out.push(
    `<text transform="translate(${x0 + 16},${top + ph / 2}) rotate(-90)" text-anchor="middle" font-size="12">${yLabel}</text>`,
  );
  if (key === "accuracy") {
    const y = sy(CHANCE).toFixed(1);
    out.push(
      `<line class="chance" x1="${x0 + left}" x2="${x0 + left + pw}" y1="${y}" y2="${y}" stroke="#777" stroke-dasharray="6,4"/>`,
      `<text x="${x0 + left + pw - 4}" y="${Number(y) - 4}" text-anchor="end" font-size="10" fill="#777">chance ${CHANCE} %</text>`,
    );
  }
  const clamp = (v: number) => Math.max(lo, Math.min(hi, v));
  const xy = (e: number, v: number) => `${sx(e).toFixed(1)},${sy(clamp(v)).toFixed(1)}`;
  for (const [m, [model, rs]] of byModel(runs).entries()) {
    const c = COLORS[model] ?? "#2ca02c";
    if (rs.length > 1) {
      // The band: mean ± sd over the runs at each epoch; the runs thin beneath the mean.
      const stats = bands[m]!;
      const upper = stats.map((s) => xy(s.epoch, s.mean + s.sd));
      const lower = stats.map((s) => xy(s.epoch, s.mean - s.sd)).reverse();
      out.push(
        `<polygon class="band" fill="${c}" fill-opacity="0.18" stroke="none" points="${[...upper, ...lower].join(" ")}"/>`,
      );
      for (const r of rs) {
        const pts = r.epochs.map((e) => xy(e.epoch, e[key]));
        out.push(
          `<polyline class="run" fill="none" stroke="${c}" stroke-width="1" stroke-opacity="0.6" points="${pts.join(" ")}"/>`,
        );
      }
      const mean = stats.map((s) => xy(s.epoch, s.mean));
      out.push(`<polyline class="mean" fill="none" stroke="${c}" stroke-width="2.5" points="${mean.join(" ")}"/>`);
      for (const p of mean) {
        const [x, y] = p.split(",");
        out.push(`<circle cx="${x}" cy="${y}" r="3" fill="${c}"/>`);
      }
    } else {
      const pts = rs[0]!.epochs.map((e) => xy(e.epoch, e[key]));
      out.push(`<polyline class="run" fill="none" stroke="${c}" stroke-width="2" points="${pts.join(" ")}"/>`);
      for (const p of pts) {
        const [x, y] = p.split(",");
        out.push(`<circle cx="${x}" cy="${y}" r="3" fill="${c}"/>`);
      }
    }
    // A cross at the last point of each run that collapsed to chance.
    for (const r of rs.filter(collapsed)) {
      const last = r.epochs[r.epochs.length - 1]!;
      const [x, y] = xy(last.epoch, last[key]).split(",").map(Number) as [number, number];
      out.push(
        `<path class="collapsed" d="M${x - 5},${y - 5}L${x + 5},${y + 5}M${x - 5},${y + 5}L${x + 5},${y - 5}" stroke="${c}" stroke-width="2"/>`,
      );
    }
  }
  return out.join("\n");
}

export function reportSvg(runs: RunResult[], subtitle: string): string {
  const lines = summarize(runs).map((s) => {
    const acc = s.finalAccuracy,
      n = s.seeds.length;
    const text =
      n > 1
        ? `final test accuracy ${acc.mean.toFixed(2)} ± ${acc.sd.toFixed(2)} % (mean ± sd of ${n} seeds` +
          `${s.collapsed.length ? `; seed${s.collapsed.length > 1 ? "s" : ""} ${s.collapsed.join(", ")} collapsed to chance` : ""})`
        : `final test accuracy ${Number.isNaN(acc.mean) ? "-" : acc.mean.toFixed(2)} %${s.collapsed.length ? " (collapsed to chance)" : ""}`;
    return { model: s.model, text: `${LABELS[s.model] ?? s.model}: ${text}` };
  });
  const many = runs.length > lines.length;
  const legend = lines.map((l, i) => {
    const c = COLORS[l.model] ?? "#2ca02c",
      y = 330 + i * 18;
    return (
      `<line x1="80" x2="110" y1="${y}" y2="${y}" stroke="${c}" stroke-width="3"/>` +
      `<text x="118" y="${y + 4}" font-size="12">${l.text}</text>`
    );
  });
  if (many)
    legend.push(
      `<text x="80" y="${334 + lines.length * 18}" font-size="11" fill="#444">Bands: mean ± sd over the seeds; thin lines: ` +
        `single runs; ✕: a run that collapsed to chance; dashed: chance (${CHANCE} %).</text>`,
    );
  const rows = lines.length + (many ? 1 : 0);
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="860" height="${340 + rows * 18}" font-family="Helvetica, Arial, sans-serif">
<rect width="100%" height="100%" fill="white"/>
${panel(runs, "accuracy", 0, "Test accuracy", "accuracy (%)")}
${panel(runs, "loss", 430, "Training loss", "mean cross-entropy loss")}
${legend.join("\n")}
<text x="850" y="${330 + rows * 18}" text-anchor="end" font-size="10" fill="#666">${subtitle}</text>
</svg>
`;
}
