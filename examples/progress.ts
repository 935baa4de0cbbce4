// The experiment's progress line: on a terminal one line, redrawn in place ("\r" + text + erase to the
// end of the line, cut to the terminal's width so it never wraps), with the log lines printed above it;
// elsewhere (CI, pipes, files) only the log lines.

/** Where one seed's run stands, as train() reports it (also sent from the seed's child process). */
export interface ProgressState {
  seed: number;
  model: string;
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  /** Training images per second in this epoch so far. */
  rate: number;
  /** Mean training loss of this epoch so far (the last value read, with --cuda-graph). */
  loss: number;
  /** Seconds left in this epoch at the current rate. */
  eta: number;
  /** Share of the seed's whole run (all models and epochs) done, 0..1. */
  fraction: number;
  /** "train", "test" while the epoch's test accuracy is computed, "done" when the epoch is over. */
  phase: "train" | "test" | "done";
}

/** 75 → "1:15", 3725 → "1:02:05". */
export function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "-:--";
  const s = Math.round(seconds),
    h = Math.floor(s / 3600),
    m = Math.floor((s % 3600) / 60),
    r = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${r}` : `${m}:${r}`;
}

function bar(fraction: number, width: number): string {
  const f = Math.max(0, Math.min(width, Math.round(fraction * width)));
  return `[${"#".repeat(f)}${".".repeat(width - f)}]`;
}

const rate = (r: number) => `${Number.isFinite(r) ? Math.round(r).toLocaleString("en-US") : "-"} img/s`;
const loss = (l: number) => (Number.isFinite(l) ? l.toFixed(3) : "-");

/** One seed: "bn e1/10 [#####.....] 312/782  2,345 img/s  ETA 0:07  loss 1.532" (seed first with several). */
export function formatOne(p: ProgressState, withSeed: boolean): string {
  if (p.phase === "done") return ""; // the line goes until the next epoch draws it
  const head = `${withSeed ? `seed ${p.seed} ` : ""}${p.model} e${p.epoch}/${p.epochs}`;
  if (p.phase === "test") return `${head} ${bar(1, 20)} ${p.batches}/${p.batches}  testing...`;
  return (
    `${head} ${bar(p.batch / p.batches, 20)} ${p.batch}/${p.batches}  ${rate(p.rate)}  ` +
    `ETA ${duration(p.eta)}  loss ${loss(p.loss)}`
  );
}

/**
 * Seeds running in parallel: the whole job's bar, its rate and ETA, then each seed's place:
 * "[######....] 45%  4,567 img/s  ETA 1:23 | s0 bn e1/2 80% 1.532 | s1 bn e1/2 75% 1.601 | s2 waiting".
 */
export function formatMany(seeds: number[], states: Map<number, ProgressState | "done">, seconds: number): string {
  let sum = 0,
    total = 0;
  const parts: string[] = [];
  for (const s of seeds) {
    const p = states.get(s);
    if (p === "done") {
      sum += 1;
      parts.push(`s${s} done`);
    } else if (!p) {
      parts.push(`s${s} waiting`);
    } else {
      sum += p.fraction;
      total += p.phase === "train" ? p.rate : 0; // the rate of the seeds training now
      const where = p.phase === "test" ? "testing" : `${Math.floor((100 * p.batch) / p.batches)}% ${loss(p.loss)}`;
      parts.push(`s${s} ${p.model} e${p.epoch}/${p.epochs} ${where}`);
    }
  }
  const f = sum / seeds.length;
  const eta = f > 0 ? (seconds * (1 - f)) / f : Number.NaN;
  return [`${bar(f, 20)} ${Math.floor(100 * f)}%  ${rate(total)}  ETA ${duration(eta)}`, ...parts].join(" | ");
}

/** The line at the bottom of a terminal; log() prints above it. Disabled: log() only prints. */
export class ProgressLine {
  private text = "";
  private readonly onExit = () => this.clear();

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stdout,
    readonly enabled: boolean = !!stream.isTTY,
  ) {
    if (enabled) process.on("exit", this.onExit);
  }

  private draw(): void {
    const width = Math.max(20, (this.stream.columns || 80) - 1);
    const t = this.text.length > width ? `${this.text.slice(0, width - 1)}~` : this.text;
    this.stream.write(`\r${t}\x1b[K`);
  }

  /** Prints a log line above the progress line (the line is erased, the log printed, the line redrawn). */
  log(line: string): void {
    if (!this.enabled || !this.text) {
      this.stream.write(`${line}\n`);
      return;
    }
    this.stream.write(`\r\x1b[K${line}\n`);
    this.draw();
  }

  /** Shows `text` as the progress line (nothing when disabled); "" erases it. */
  update(text: string): void {
    if (!this.enabled) return;
    if (!text) {
      this.clear();
      return;
    }
    this.text = text;
    this.draw();
  }

  /** Erases the progress line; the next log line takes its place. */
  clear(): void {
    if (!this.enabled || !this.text) return;
    this.text = "";
    this.stream.write("\r\x1b[K");
  }

  /** Clears the line and stops listening for the process's exit. */
  close(): void {
    this.clear();
    process.removeListener("exit", this.onExit);
  }
}
