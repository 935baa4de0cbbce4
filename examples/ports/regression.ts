// A port of pytorch/examples regression/main.py, line by line with torchts: a degree-4 polynomial with
// random coefficients (W_target, b_target) fitted by one Linear(4, 1) on batches of 32 random points, smooth
// L1 loss and hand-written gradient steps (lr 0.1) until a batch's loss is under 1e-3; then the learned and
// the actual polynomial, printed with Python's '{:+.2f}' (builtins.ts's format, sign flag included).
// Differences, the same in the Python reference (examples/ports/reference/regression.py): --seed seeds torch
// before W_target is drawn (the original seeds nothing; default 1), and the step is
// `param.data.add_(-0.1 * param.grad)` (the later text's `param.add_` on a leaf raises in torch 1.13).
// Python's itertools.count(1) is a for loop whose counter outlives it, as batch_idx does.
//   node dist/examples/ports/regression.js [--seed 1]
import { parseArgs } from "node:util";
import * as torch from "torchts";
import { enumerate, format, notNone } from "./builtins";

const F = torch.nn.functional;

const { values } = parseArgs({ options: { seed: { type: "string", default: "1" } } });
const args = { seed: Number(values.seed) };
torch.manualSeed(args.seed);

const POLY_DEGREE = 4;
const W_target = torch.randn([POLY_DEGREE, 1]).mul(5);
const b_target = torch.randn([1]).mul(5);

/** Builds features i.e. a matrix with columns [x, x^2, x^3, x^4]. */
function makeFeatures(x: torch.Tensor): torch.Tensor {
  x = x.unsqueeze(1);
  return torch.cat(
    Array.from({ length: POLY_DEGREE }, (_, k) => x.pow(k + 1)),
    1,
  );
}

/** Approximated function. */
function f(x: torch.Tensor): torch.Tensor {
  return x.mm(W_target).add(Number(b_target.item()));
}

/** Creates a string description of a polynomial. */
function polyDesc(W: torch.Tensor, b: torch.Tensor): string {
  let result = "y = ";
  for (const [i, w] of enumerate(W)) {
    result += `${format(Number(w.item()), "+.2f")} x^${i + 1} `;
  }
  result += format(Number(b.index(0).item()), "+.2f");
  return result;
}

/** Builds a batch i.e. (x, f(x)) pair. */
function getBatch(batchSize = 32): [torch.Tensor, torch.Tensor] {
  const random = torch.randn([batchSize]);
  const x = makeFeatures(random);
  const y = f(x);
  return [x, y];
}

// Define model
const fc = new torch.nn.Linear(W_target.size(0), 1);

let loss = 0;
let batchIdx: number;
for (batchIdx = 1; ; batchIdx++) {
  // Get data
  const [batchX, batchY] = getBatch();

  // Reset gradients
  fc.zeroGrad();

  // Forward pass
  const output = F.smoothL1Loss(fc.call(batchX), batchY);
  loss = Number(output.item());

  // Backward pass
  output.backward();

  // Apply gradients
  for (const param of fc.parameters()) {
    param.data.add_(notNone(param.grad).mul(-0.1));
  }

  // Stop criterion
  if (loss < 1e-3) {
    break;
  }
}

console.log(`Loss: ${format(loss, ".6f")} after ${batchIdx} batches`);
console.log(`==> Learned function:\t${polyDesc(fc.weight.view(-1), notNone(fc.bias))}`);
console.log(`==> Actual function:\t${polyDesc(W_target.view(-1), b_target)}`);
