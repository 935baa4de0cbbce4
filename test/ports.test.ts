// examples/ports: six well-known PyTorch scripts ported to TypeScript (the CIFAR-10 tutorial,
// pytorch/examples mnist, kuangliu/pytorch-cifar's ResNet18 trainer, the DCGAN tutorial with smaller
// nets: ngf = ndf = 16 instead of 64, on the training images upsampled to 64x64), each run beside its Python
// reference (examples/ports/reference/*.py, /usr/bin/python3 with torch 1.13) on the same small data
// and seed: 500 training and 200 test images of the shared CIFAR-10 JPEGs (50 and 20 per class,
// unpacked into a temporary folder), and an MNIST-shaped stand-in made from them (grayscale 28x28 in
// MNIST's idx files, built by test/python/ports_data.py). Nothing derived from the data stays behind.
// Two pytorch/examples scripts run on other data: word_language_model on a corpus of this machine's
// license texts (/usr/share/common-licenses, copied into the temporary folder) and
// time_sequence_prediction on the traindata.pt its Python generator writes there. pytorch/examples vae and
// mnist_rnn run on the MNIST stand-in (vae's save_image PNGs compared pixel for pixel as PIL reads them), and so
// does pytorch/tutorials' spatial transformer tutorial (its visualize_stn grids saved and compared bit for bit).
// pytorch/examples regression needs no data (its batches are random draws): two seeds, the printed text compared.
// pytorch/tutorials' nn_tutorial and fgsm_tutorial (its LeNet trained first with --train) and pytorch/examples
// mnist_forward_forward (500 training images as one batch, 4 epochs a layer) run on the MNIST stand-in too.
//
// Tolerance: none. Both sides run the same libtorch .so files (Debian's libtorch 1.13 under torchts and
// under /usr/bin/python3's torch), the same ops in the same order on the same batches and random draws,
// so the trained weights are bit-identical and the printed losses and accuracies are the same text.
// Only where the Python side runs another torch (TORCHTS_PYTHON) do the weights compare to 1e-4 and
// the printed numbers to their last digit.

import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import * as torch from "../lib";
import { CIFAR10_ARCHIVE, DIST, repoPath } from "./helpers/paths";

const PYTHON = process.env.TORCHTS_PYTHON || "/usr/bin/python3";
const PORTS = path.join(DIST, "examples", "ports");
const REFERENCE = repoPath("examples", "ports", "reference");
const DATA_PY = repoPath("test", "python", "ports_data.py");
const TIMEOUT = 600_000;

let tmp = "";
let cifar = "";
let mnist = "";
const children = new Set<ChildProcess>();

interface Ran {
  code: number | null;
  out: string;
  err: string;
}

/** Runs a program in `cwd` (made fresh), with the decoded-image cache inside the temporary folder. */
function run(cmd: string, args: string[], cwd: string): Promise<Ran> {
  fs.mkdirSync(cwd, { recursive: true });
  return new Promise((resolve) => {
    const c = spawn(cmd, args, { cwd, env: { ...process.env, TORCHTS_CACHE: path.join(tmp, "cache") } });
    children.add(c);
    let out = "";
    let err = "";
    c.stdout.on("data", (d) => (out += d));
    c.stderr.on("data", (d) => (err += d));
    const timer = setTimeout(() => c.kill("SIGKILL"), TIMEOUT - 30_000);
    c.on("close", (code) => {
      clearTimeout(timer);
      children.delete(c);
      resolve({ code, out, err });
    });
  });
}

/** The port (node) and its reference (Python) side by side, each in a folder of its own under `name`. */
async function both(name: string, port: string, reference: string, args: string[]): Promise<[Ran, Ran]> {
  const [ts, py] = await Promise.all([
    run(process.execPath, [path.join(PORTS, port), ...args], path.join(tmp, name, "ts")),
    run(PYTHON, [path.join(REFERENCE, reference), ...args], path.join(tmp, name, "py")),
  ]);
  expect(ts.code, `torchts port ${port}:\n${ts.err}`).toBe(0);
  expect(py.code, `Python reference ${reference}:\n${py.err}`).toBe(0);
  return [ts, py];
}

interface Compared {
  torch: string;
  keys: string[];
  sameKeys: boolean;
  equal: boolean;
  maxAbsDiff: number;
}

/** Compares the two torch.save files the runs wrote (relative to their folders). */
async function compareSaved(name: string, file: string, key?: string): Promise<Compared> {
  const a = path.join(tmp, name, "ts", file);
  const b = path.join(tmp, name, "py", file);
  const r = await run(PYTHON, [DATA_PY, "compare", a, b, ...(key ? ["--key", key] : [])], tmp);
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out);
}

/** Same libtorch on both sides: bit-identical; another torch under TORCHTS_PYTHON: close. */
function expectSameWeights(c: Compared): void {
  expect(c.sameKeys).toBe(true);
  if (c.torch.startsWith(torch.version.libtorch)) expect(c.equal, `largest difference ${c.maxAbsDiff}`).toBe(true);
  else expect(c.maxAbsDiff).toBeLessThan(1e-4);
}

/** The printed lines, to compare as text (same libtorch) or as numbers to their last printed digit. */
function expectSameOutput(ts: string, py: string, c: Compared): void {
  if (c.torch.startsWith(torch.version.libtorch)) {
    expect(ts).toBe(py);
    return;
  }
  const nums = (s: string) => (s.match(/-?\d+\.\d+/g) ?? []).map(Number);
  const [a, b] = [nums(ts), nums(py)];
  expect(a.length).toBe(b.length);
  a.forEach((x, i) => {
    expect(Math.abs(x - (b[i] ?? Number.NaN))).toBeLessThanOrEqual(0.0011);
  });
}

beforeAll(async () => {
  expect(
    CIFAR10_ARCHIVE,
    "the shared CIFAR-10 archive was not found (../shared, or TORCHTS_CIFAR10_ARCHIVE)",
  ).toBeTruthy();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-ports-"));
  // 50 training and 20 test images per class, unpacked (the archive's files are NNNN.jpg per class).
  const tar = await run(
    "tar",
    ["-xJf", CIFAR10_ARCHIVE!, "--wildcards", "*/train/*/00[0-4]?.jpg", "*/test/*/00[01]?.jpg"],
    path.join(tmp, "data"),
  );
  expect(tar.code, tar.err).toBe(0);
  cifar = path.join(tmp, "data", fs.readdirSync(path.join(tmp, "data"))[0]!);
  expect(fs.readdirSync(path.join(cifar, "train"))).toHaveLength(10);
  // The MNIST-shaped stand-in, in torchvision's layout: <mnist>/MNIST/raw/*-ubyte.
  mnist = path.join(tmp, "mnist");
  const built = await run(PYTHON, [DATA_PY, "mnist", cifar, mnist, "--seed", "0"], tmp);
  expect(built.code, built.err).toBe(0);
}, TIMEOUT);

afterAll(() => {
  for (const c of children) c.kill("SIGKILL");
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

it(
  "the CIFAR-10 tutorial (batch 4, SGD lr 0.001 momentum 0.9, 2 epochs) trains the same Net as PyTorch",
  async () => {
    const [ts, py] = await both("tutorial", "cifar10_tutorial.js", "cifar10_tutorial.py", [
      "--data",
      cifar,
      "--epochs",
      "2",
      "--seed",
      "0",
    ]);
    expect(ts.out).toContain("Finished Training");
    expect(ts.out).toMatch(/^Accuracy of the network on the 10000 test images: \d+ %$/m);
    expect(ts.out.match(/^Accuracy for class: .{5} is \d+\.\d %$/gm)).toHaveLength(10);
    const c = await compareSaved("tutorial", "cifar_net.pth");
    expect(c.keys).toEqual([
      "conv1.weight",
      "conv1.bias",
      "conv2.weight",
      "conv2.bias",
      "fc1.weight",
      "fc1.bias",
      "fc2.weight",
      "fc2.bias",
      "fc3.weight",
      "fc3.bias",
    ]);
    expectSameWeights(c);
    expectSameOutput(ts.out, py.out, c);
  },
  TIMEOUT,
);

it(
  "pytorch/examples mnist (Adadelta, StepLR, dropout, log_softmax + nll_loss) matches PyTorch epoch by epoch",
  async () => {
    const args = ["--data", mnist, "--epochs", "2", "--log-interval", "3", "--save-model"];
    const [ts, py] = await both("mnist", "mnist.js", "mnist.py", args);
    // Python formats {:.0f} with round-half-even, JS toFixed rounds halves up: the percentages in
    // parentheses may differ by one where they end in .5, so they are left out of the comparison.
    const lines = (s: string) =>
      s
        .split("\n")
        .filter((l) => l.trim())
        .map((l) => l.replace(/\(\d+%\)/, "(%)"));
    const [a, b] = [lines(ts.out), lines(py.out)];
    expect(a.filter((l) => l.startsWith("Train Epoch:"))).toHaveLength(6);
    expect(a.filter((l) => /^Test set: Average loss: \d+\.\d{4}, Accuracy: \d+\/200 \(%\)$/.test(l))).toHaveLength(2);
    const c = await compareSaved("mnist", "mnist_cnn.pt");
    expectSameWeights(c);
    expectSameOutput(a.join("\n"), b.join("\n"), c);
  },
  TIMEOUT,
);

it(
  "kuangliu/pytorch-cifar ResNet18 (width 8; SGD + weight decay, CosineAnnealingLR, crop + flip in 2 workers) matches PyTorch",
  async () => {
    const [ts, py] = await both("resnet", "cifar_resnet.js", "cifar_resnet.py", [
      "--data",
      cifar,
      "--width",
      "8",
      "--epochs",
      "2",
    ]);
    expect(ts.out.match(/^ 4\/4 \| Loss: \d\.\d{3} \| Acc: \d+\.\d{3}% \(\d+\/500\)$/gm)).toHaveLength(2);
    expect(ts.out.match(/^ 2\/2 \| Loss: \d\.\d{3} \| Acc: \d+\.\d{3}% \(\d+\/200\)$/gm)).toHaveLength(2);
    const c = await compareSaved("resnet", "checkpoint/ckpt.pth", "net");
    expect(c.keys).toHaveLength(122);
    expectSameWeights(c);
    expectSameOutput(ts.out, py.out, c);
  },
  TIMEOUT,
);

it(
  "the ResNet18 trainer with --limit (a random_split subset, per-image transforms) and --resume matches PyTorch",
  async () => {
    const args = ["--data", cifar, "--width", "8", "--epochs", "1", "--limit", "300", "--seed", "3"];
    const [ts, py] = await both("resnet-limit", "cifar_resnet.js", "cifar_resnet.py", args);
    expect(ts.out).toMatch(/^ 3\/3 \| Loss: \d\.\d{3} \| Acc: \d+\.\d{3}% \(\d+\/300\)$/m);
    expect(ts.out).toContain("Saving..");
    // Resumed from each side's own checkpoint: the net, its accuracy and epoch come back.
    const [ts2, py2] = await both("resnet-limit", "cifar_resnet.js", "cifar_resnet.py", [...args, "--resume"]);
    expect(ts2.out).toContain("==> Resuming from checkpoint..");
    const c = await compareSaved("resnet-limit", "checkpoint/ckpt.pth", "net");
    expectSameWeights(c);
    expectSameOutput(ts.out + ts2.out, py.out + py2.out, c);
  },
  TIMEOUT,
);

it(
  "the DCGAN tutorial (ngf = ndf = 16, batch 32, 1 epoch on 500 images upsampled to 64x64) trains the same G and D as PyTorch",
  async () => {
    const args = ["--dataroot", path.join(cifar, "train"), "--num-epochs", "1", "--batch-size", "32"];
    const [ts, py] = await both("dcgan", "dcgan_faces_tutorial.js", "dcgan_faces_tutorial.py", [
      ...args,
      "--ngf",
      "16",
      "--ndf",
      "16",
    ]);
    // print(netG), print(netD): PyTorch's module reprs, compared with the rest of the text below
    expect(ts.out).toMatch(/^Random Seed: {2}999\nGenerator\(\n {2}\(main\): Sequential\(\n/);
    expect(ts.out).toContain("    (0): ConvTranspose2d(100, 128, kernel_size=(4, 4), stride=(1, 1), bias=False)\n");
    expect(ts.out).toContain("    (1): LeakyReLU(negative_slope=0.2, inplace=True)\n");
    expect(ts.out).toMatch(
      /^\[0\/1\]\[0\/16\]\tLoss_D: \d+\.\d{4}\tLoss_G: \d+\.\d{4}\tD\(x\): \d\.\d{4}\tD\(G\(z\)\): \d\.\d{4} \/ \d\.\d{4}$/m,
    );
    const g = await compareSaved("dcgan", "netG.pth");
    expect(g.keys).toHaveLength(5 + 4 * 5); // 5 ConvTranspose2d weights, 4 BatchNorm2d (5 entries each)
    expectSameWeights(g);
    const d = await compareSaved("dcgan", "netD.pth");
    expect(d.keys).toHaveLength(5 + 3 * 5);
    expectSameWeights(d);
    // What the tutorial plots: the first batch's grid, 16 G and D losses, the fixed-noise grids after
    // iterations 0 and 15, the real images' grid (make_grid both sides)
    const plots = await compareSaved("dcgan", "dcgan_plots.pt");
    expect(plots.keys).toEqual(["training_images", "G_losses", "D_losses", "img_list", "real_images"]);
    expectSameWeights(plots);
    expectSameOutput(ts.out, py.out, g);
  },
  TIMEOUT,
);

/** Python's timings (ms/batch, epoch seconds) differ run to run: left out of the compared text. */
const untimed = (s: string) => s.replace(/ms\/batch +\d+\.\d+/g, "ms/batch X").replace(/time: +\d+\.\d+s/g, "time: Xs");

it(
  "pytorch/examples word_language_model (LSTM, Transformer, tied RNN_TANH; manual SGD, clip_grad_norm_, lr annealing) matches PyTorch",
  async () => {
    // A small corpus from the license texts on this machine: train, valid and test files as wikitext-2's.
    const licenses = "/usr/share/common-licenses";
    const read = (...names: string[]) => names.map((n) => fs.readFileSync(path.join(licenses, n), "utf8")).join("");
    const corpus = path.join(tmp, "wlm-data");
    fs.mkdirSync(corpus, { recursive: true });
    fs.writeFileSync(path.join(corpus, "train.txt"), read("GPL-3", "Apache-2.0", "MPL-2.0"));
    fs.writeFileSync(path.join(corpus, "valid.txt"), read("LGPL-2.1"));
    fs.writeFileSync(path.join(corpus, "test.txt"), read("Artistic"));
    const small = ["--data", corpus, "--emsize", "32", "--nhid", "32", "--log-interval", "5"];
    const runs: Array<[string, string[]]> = [
      // valid loss worse in epoch 2: lr 20 -> 5, and epoch 3's model is the best one saved
      ["wlm-lstm", ["--epochs", "3"]],
      // a causal mask over 2 layers of 4 heads; epoch 2 is worse, so the test loss is that of epoch 1's model loaded back
      ["wlm-transformer", ["--model", "Transformer", "--nlayers", "2", "--nhead", "4", "--epochs", "2"]],
      ["wlm-rnn-tied", ["--model", "RNN_TANH", "--tied", "--epochs", "1"]],
    ];
    for (const [name, args] of runs) {
      const main = path.join("word_language_model", "main");
      const [ts, py] = await both(name, `${main}.js`, `${main}.py`, [...small, ...args]);
      expect(ts.out).toMatch(
        /^\| epoch {3}1 \| {5}5\/ {3}15 batches \| lr 20\.00 \| ms\/batch +\d+\.\d\d \| loss +\d+\.\d\d \| ppl +\d+\.\d\d$/m,
      );
      expect(ts.out).toMatch(/^\| End of training \| test loss +\d+\.\d\d \| test ppl +\d+\.\d\d$/m);
      if (name === "wlm-lstm") expect(ts.out).toContain("| epoch   3 |     5/   15 batches | lr 5.00 |");
      const c = await compareSaved(name, "model.pt");
      expect(c.keys).toContain(name === "wlm-transformer" ? "pos_encoder.pe" : "rnn.weight_ih_l1");
      expectSameWeights(c);
      expectSameOutput(untimed(ts.out), untimed(py.out), c);
    }
  },
  TIMEOUT,
);

it(
  "pytorch/examples time_sequence_prediction (LSTMCells in float64, LBFGS with a closure, numpy traindata.pt) matches PyTorch",
  async () => {
    // generate_sine_wave.py (Python, numpy) writes traindata.pt once; both sides read it.
    const dir = path.join(tmp, "sine");
    const gen = await run(PYTHON, [path.join(REFERENCE, "time_sequence_prediction", "generate_sine_wave.py")], dir);
    expect(gen.code, gen.err).toBe(0);
    for (const side of ["ts", "py"]) {
      fs.mkdirSync(path.join(dir, side), { recursive: true });
      fs.copyFileSync(path.join(dir, "traindata.pt"), path.join(dir, side, "traindata.pt"));
    }
    const train = path.join("time_sequence_prediction", "train");
    const args = ["--device", "cpu", "--steps", "2", "--length", "100", "--future", "50"];
    const [ts, py] = await both("sine", `${train}.js`, `${train}.py`, args);
    // print('loss:', loss.item()) for each of LBFGS's closure calls: Python's repr of every float, all digits
    expect(ts.out).toMatch(/^STEP: {2}0\nloss: 0\.\d+\nloss: /);
    expect(ts.out.match(/^test loss: \d\.\d+(e-\d\d)?$/gm)).toHaveLength(2);
    const c = await compareSaved("sine", "seq.pt");
    expect(c.keys).toEqual([
      "dummy_param",
      "lstm1.weight_ih",
      "lstm1.weight_hh",
      "lstm1.bias_ih",
      "lstm1.bias_hh",
      "lstm2.weight_ih",
      "lstm2.weight_hh",
      "lstm2.bias_ih",
      "lstm2.bias_hh",
      "linear.weight",
      "linear.bias",
    ]);
    expectSameWeights(c);
    // what each step would plot: the 3 test waves (99 values) and 50 predicted ones
    for (const step of [0, 1]) expectSameWeights(await compareSaved("sine", `predict${step}.pt`));
    expectSameOutput(ts.out, py.out, c);
  },
  TIMEOUT,
);

/** The pixels of two PNGs, read by PIL: {mode, size, equal} for each pair (torchts's and torchvision's save_image). */
async function samePixels(name: string, files: string[]): Promise<void> {
  const code =
    "import sys, json\nfrom PIL import Image\nimport numpy as np\nr = []\n" +
    "for f in sys.argv[3:]:\n" +
    "    a, b = Image.open(sys.argv[1] + '/' + f), Image.open(sys.argv[2] + '/' + f)\n" +
    "    r.append([f, a.mode == b.mode, a.size == b.size, bool(np.array_equal(np.array(a), np.array(b)))])\n" +
    "print(json.dumps(r))";
  const dir = path.join(tmp, name);
  const r = await run(PYTHON, ["-c", code, path.join(dir, "ts"), path.join(dir, "py"), ...files], tmp);
  expect(r.code, r.err).toBe(0);
  expect(JSON.parse(r.out)).toEqual(files.map((f) => [f, true, true, true]));
}

it(
  "pytorch/examples vae (Linear VAE, randn_like reparameterization, BCE + KLD, Adam, save_image) matches PyTorch",
  async () => {
    // the original writes its images into ./results/, which it expects to exist
    for (const side of ["ts", "py"]) fs.mkdirSync(path.join(tmp, "vae", side, "results"), { recursive: true });
    const [ts, py] = await both("vae", "vae.js", "vae.py", ["--data", mnist, "--epochs", "2", "--log-interval", "2"]);
    // 500 images in batches of 128: batch_idx * len(data) of the last batch (116 images) is 2 * 116
    expect(ts.out).toMatch(/^Train Epoch: 2 \[256\/500 \(50%\)\]\tLoss: \d+\.\d{6}$/m);
    expect(ts.out.match(/^====> Epoch: \d Average loss: \d+\.\d{4}$/gm)).toHaveLength(2);
    expect(ts.out.match(/^====> Test set loss: \d+\.\d{4}$/gm)).toHaveLength(2);
    expect(ts.out).toBe(py.out);
    await samePixels(
      "vae",
      ["1", "2"].flatMap((e) => [`results/reconstruction_${e}.png`, `results/sample_${e}.png`]),
    );
  },
  TIMEOUT,
);

it(
  "pytorch/examples mnist_rnn (LSTM batch_first, BatchNorm1d, Dropout2d on 2-D, Adadelta, StepLR) matches PyTorch",
  async () => {
    const args = ["--data", mnist, "--epochs", "2", "--log-interval", "2", "--test-batch-size", "100", "--save-model"];
    const [ts, py] = await both("mnist_rnn", "mnist_rnn.js", "mnist_rnn.py", args);
    expect(ts.out.match(/^Train Epoch: \d \[\d+\/500 \(\d+%\)\]\tLoss: \d\.\d{6}$/gm)).toHaveLength(8);
    expect(ts.out.match(/^Test set: Average loss: \d\.\d{4}, Accuracy: \d+\/200 \(\d+%\)$/gm)).toHaveLength(2);
    const c = await compareSaved("mnist_rnn", "mnist_rnn.pt");
    expect(c.keys).toContain("rnn.weight_hh_l0");
    expect(c.keys).toContain("batchnorm.running_var");
    expectSameWeights(c);
    expectSameOutput(ts.out, py.out, c);
  },
  TIMEOUT,
);

it(
  "pytorch/tutorials spatial_transformer_tutorial (STN: affine_grid + grid_sample, Dropout2d, SGD, make_grid) matches PyTorch",
  async () => {
    const args = ["--data", mnist, "--epochs", "2", "--log-interval", "2", "--seed", "0"];
    const [ts, py] = await both("stn", "spatial_transformer_tutorial.js", "spatial_transformer_tutorial.py", args);
    // 500 images in batches of 64: batches 0, 2, 4, 6 of each epoch are logged
    expect(ts.out.match(/^Train Epoch: \d \[\d+\/500 \(\d+%\)\]\tLoss: \d\.\d{6}$/gm)).toHaveLength(8);
    expect(ts.out.match(/^Test set: Average loss: \d\.\d{4}, Accuracy: \d+\/200 \(\d+%\)$/gm)).toHaveLength(2);
    const c = await compareSaved("stn", "stn_model.pt");
    expect(c.keys.slice(-4)).toEqual(["fc_loc.0.weight", "fc_loc.0.bias", "fc_loc.2.weight", "fc_loc.2.bias"]);
    expectSameWeights(c);
    // visualize_stn's two grids (convert_image_np of make_grid of a test batch and of its STN output)
    const grids = await compareSaved("stn", "stn_plots.pt");
    expect(grids.keys).toEqual(["in_grid", "out_grid"]);
    expectSameWeights(grids);
    expectSameOutput(ts.out, py.out, c);
  },
  TIMEOUT,
);

it(
  "pytorch/examples regression (Linear fit of a random degree-4 polynomial, smooth L1, manual steps, '{:+.2f}') matches PyTorch",
  async () => {
    for (const seed of ["1", "2"]) {
      const [ts, py] = await both(`regression${seed}`, "regression.js", "regression.py", ["--seed", seed]);
      expect(ts.out).toMatch(/^Loss: 0\.000\d{3} after \d+ batches$/m);
      expect(
        ts.out.match(/^==> (Learned|Actual) function:\ty = ([+-]\d+\.\d\d x\^\d ){4}[+-]\d+\.\d\d$/gm),
      ).toHaveLength(2);
      // Every printed digit: the batch count, the last loss and both polynomials' coefficients.
      expect(ts.out).toBe(py.out);
    }
  },
  TIMEOUT,
);

it(
  "pytorch/examples siamese_network (torchvision resnet18 twice, Xavier init via apply, BCELoss, pairs from Python's random) matches PyTorch",
  async () => {
    const args = ["--data", mnist, "--epochs", "1", "--log-interval", "2", "--save-model"];
    const [ts, py] = await both("siamese", "siamese_network.js", "siamese_network.py", args);
    expect(ts.out.match(/^Train Epoch: 1 \[\d+\/500 \(\d+%\)\]\tLoss: \d+\.\d{6}$/gm)).toHaveLength(4);
    expect(ts.out).toMatch(/^Test set: Average loss: \d\.\d{4}, Accuracy: \d+\/200 \(\d+%\)$/m);
    const c = await compareSaved("siamese", "siamese_network.pt");
    expect(c.keys[0]).toBe("resnet.0.weight"); // the 1-channel conv1, first child of the Sequential
    expect(c.keys.slice(-4)).toEqual(["fc.0.weight", "fc.0.bias", "fc.2.weight", "fc.2.bias"]);
    expectSameWeights(c);
    expectSameOutput(ts.out, py.out, c);
  },
  TIMEOUT,
);

it(
  "pytorch/tutorials nn_tutorial (hand-written log_softmax/nll, nn.Module, Linear, optim, TensorDataset, DataLoader, CNN, Sequential + Lambda, WrappedDataLoader) matches PyTorch",
  async () => {
    const [ts, py] = await both("nn_tutorial", "nn_tutorial.js", "nn_tutorial.py", ["--data", mnist, "--seed", "0"]);
    // the tensors' reprs (x_train summarized, the labels, preds[0] with its grad_fn), then the losses
    expect(ts.out).toMatch(/^\(500, 784\)\ntensor\(\[\[0\.\d{4}, /);
    expect(ts.out).toContain("grad_fn=<SelectBackward0>) torch.Size([64, 10])\n");
    expect(ts.out).toMatch(/^tensor\(\d+\.\d{4}, grad_fn=<NegBackward0>\)$/m);
    expect(ts.out).toMatch(/^tensor\(\d+\.\d{4}, grad_fn=<NllLossBackward0>\) tensor\(0\.\d{4}\)$/m);
    expect(ts.out).toMatch(/^1 tensor\(\d+\.\d{4}\)$/m); // the validation loop's sum of batch losses / batches
    // fit()'s validation loss: np.sum(np.multiply(losses, nums)) / np.sum(nums), every digit of the float64
    expect(ts.out.match(/^[01] \d+\.\d+(e-\d\d)?$/gm)).toHaveLength(10);
    const c = await compareSaved("nn_tutorial", "nn_tutorial.pt");
    expect(c.keys).toEqual(["0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"]);
    expectSameWeights(c);
    expectSameOutput(ts.out, py.out, c);
  },
  TIMEOUT,
);

it(
  "pytorch/tutorials fgsm_tutorial (--train: the LeNet for one epoch; then FGSM over 7 epsilons, batch 1, gradients w.r.t. the input) matches PyTorch",
  async () => {
    const args = ["--data", mnist, "--train", "--seed", "42"];
    const [ts, py] = await both("fgsm", "fgsm_tutorial.js", "fgsm_tutorial.py", args);
    expect(ts.out).toMatch(/^CUDA Available: {2}(True|False)\nTrain: \[0\/500 \(0%\)\]\tLoss: \d\.\d{6}\n/);
    // one line per epsilon: the count of test images still classified correctly after the attack
    expect(ts.out.match(/^Epsilon: (0|0\.\d+)\tTest Accuracy = \d+ \/ 200 = \d\.\d+$/gm)).toHaveLength(7);
    // the (dropped) plot's titles: "original -> adversarial" for up to 5 examples per epsilon
    expect(ts.out.match(/^Eps: (0|0\.\d+): /gm)).toHaveLength(7);
    const c = await compareSaved("fgsm", "data/lenet_mnist_model.pth");
    expect(c.keys).toEqual([
      "conv1.weight",
      "conv1.bias",
      "conv2.weight",
      "conv2.bias",
      "fc1.weight",
      "fc1.bias",
      "fc2.weight",
      "fc2.bias",
    ]);
    expectSameWeights(c);
    expectSameOutput(ts.out, py.out, c);
  },
  TIMEOUT,
);

it(
  "pytorch/examples mnist_forward_forward (Hinton's forward-forward: per-layer Adam on goodness, label overlays, Net.train/Layer.train overrides) matches PyTorch",
  async () => {
    const args = ["--data", mnist, "--epochs", "4", "--train_size", "500", "--test_size", "200"];
    const [ts, py] = await both("forward_forward", "mnist_forward_forward.js", "mnist_forward_forward.py", [
      ...args,
      "--log-interval",
      "1",
      "--save-model",
    ]);
    // each layer's loss (Python's repr of the float: every digit) at epochs 0, 1, 2, 3, then both errors
    expect(ts.out).toMatch(
      /^training layer: {2}0\n(Loss: {2}\d\.\d+\n){4}training layer: {2}1\n(Loss: {2}\d\.\d+\n){4}/,
    );
    expect(ts.out).toMatch(/^train error: \d\.\d+\ntest error: \d\.\d+\n$/m);
    // Net keeps its layers in a plain list (as the original): the saved state dict is empty on both sides
    const c = await compareSaved("forward_forward", "mnist_ff.pt");
    expect(c.keys).toEqual([]);
    expectSameWeights(c);
    expectSameOutput(ts.out, py.out, c);
  },
  TIMEOUT,
);
