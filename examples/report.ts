// report.svg: test accuracy and training loss per epoch, BN against plain.
export interface RunResult {
  model: string;
  epochs: Array<{ epoch: number; loss: number; accuracy: number; seconds: number }>;
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
  const all = runs.flatMap((r) => r.epochs.map((e) => e[key]));
  const nEp = Math.max(1, ...runs.map((r) => r.epochs.length));
  let lo = Math.min(...all),
    hi = Math.max(...all);
  if (key === "accuracy") {
    lo = Math.max(0, Math.floor(lo / 10) * 10);
    hi = Math.min(100, Math.ceil(hi / 10) * 10);
  } else {
    lo = Math.max(0, Math.floor(lo * 5) / 5);
    hi = Math.ceil(hi * 5) / 5;
  }
  if (hi === lo) hi = lo + 1;
  const sx = (e: number) => x0 + left + (nEp === 1 ? pw / 2 : ((e - 1) / (nEp - 1)) * pw);
  const sy = (v: number) => top + ph - ((v - lo) / (hi - lo)) * ph;
  const out: string[] = [];
  out.push(
    `<text x="${x0 + left + pw / 2}" y="24" text-anchor="middle" font-size="15" font-weight="bold">${title}</text>`,
  );
  out.push(`<rect x="${x0 + left}" y="${top}" width="${pw}" height="${ph}" fill="none" stroke="#444"/>`);
  // Ticks at a round step (1, 2 or 5 times a power of ten), about six of them.
  const raw = (hi - lo) / 6,
    mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((k) => k * mag).find((x) => x >= raw)!;
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
  for (const r of runs) {
    const c = COLORS[r.model] ?? "#2ca02c";
    const pts = r.epochs.map((e) => `${sx(e.epoch).toFixed(1)},${sy(e[key]).toFixed(1)}`);
    out.push(`<polyline fill="none" stroke="${c}" stroke-width="2" points="${pts.join(" ")}"/>`);
    for (const p of pts) {
      const [x, y] = p.split(",");
      out.push(`<circle cx="${x}" cy="${y}" r="3" fill="${c}"/>`);
    }
  }
  return out.join("\n");
}

export function reportSvg(runs: RunResult[], subtitle: string): string {
  const legend = runs
    .map((r, i) => {
      const c = COLORS[r.model] ?? "#2ca02c",
        y = 330 + i * 18;
      const last = r.epochs[r.epochs.length - 1];
      return (
        `<line x1="80" x2="110" y1="${y}" y2="${y}" stroke="${c}" stroke-width="3"/>` +
        `<text x="118" y="${y + 4}" font-size="12">${LABELS[r.model] ?? r.model}: final test accuracy ${last ? last.accuracy.toFixed(2) : "-"} %</text>`
      );
    })
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="860" height="${340 + runs.length * 18}" font-family="Helvetica, Arial, sans-serif">
<rect width="100%" height="100%" fill="white"/>
${panel(runs, "accuracy", 0, "Test accuracy", "accuracy (%)")}
${panel(runs, "loss", 430, "Training loss", "mean cross-entropy loss")}
${legend}
<text x="850" y="${330 + runs.length * 18}" text-anchor="end" font-size="10" fill="#666">${subtitle}</text>
</svg>
`;
}
