// A port of pytorch/examples time_sequence_prediction/train.py, line by line with torchts: two stacked
// LSTMCells and a Linear in double precision learn sine waves with L-BFGS (a closure re-evaluating the loss),
// then continue the three test waves `future` steps past their end. The data is the original's: the
// Python generator (examples/ports/reference/time_sequence_prediction/generate_sine_wave.py) writes
// traindata.pt, a numpy array pickled by torch.save, which torch.load reads as a tensor. Differences, the
// same in the Python reference (reference/time_sequence_prediction/train.py): there is no matplotlib here,
// so what each step would plot (y: the test waves and their predicted futures) is saved with torch.save to
// predict<i>.pt instead of drawn into predict<i>.pdf, and the trained model's state dict to seq.pt; --future
// (1000 in the original) and --length N (use the first N values of each wave; all by default) shorten CPU runs;
// torchts has no MPS backend.
//   node dist/examples/ports/time_sequence_prediction/train.js --device cpu [--steps 15]
import { parseArgs } from "node:util";
import * as torch from "torchts";
import { fromNumpy, strFloat } from "../builtins";

const { nn, optim } = torch;

class Sequence extends nn.Module {
  lstm1 = new nn.LSTMCell(1, 51);
  lstm2 = new nn.LSTMCell(51, 51);
  linear = new nn.Linear(51, 1);
  dummy_param = new nn.Parameter(torch.empty(0)); // Python's attribute name: the state dict's key

  forward(input: torch.Tensor, future = 0): torch.Tensor {
    const outputs: torch.Tensor[] = [];
    const device = this.dummy_param.device;
    let h_t = torch.zeros([input.size(0), 51], { dtype: "float64" }).to(device);
    let c_t = torch.zeros([input.size(0), 51], { dtype: "float64" }).to(device);
    let h_t2 = torch.zeros([input.size(0), 51], { dtype: "float64" }).to(device);
    let c_t2 = torch.zeros([input.size(0), 51], { dtype: "float64" }).to(device);

    let output = torch.empty(0); // (bound by the loop below, as in Python)
    for (const input_t of input.split(1, { dim: 1 })) {
      [h_t, c_t] = this.lstm1.call(input_t, [h_t, c_t]);
      [h_t2, c_t2] = this.lstm2.call(h_t, [h_t2, c_t2]);
      output = this.linear.call(h_t2);
      outputs.push(output); // outputs += [output]
    }
    for (let i = 0; i < future; i++) {
      // if we should predict the future
      [h_t, c_t] = this.lstm1.call(output, [h_t, c_t]);
      [h_t2, c_t2] = this.lstm2.call(h_t, [h_t2, c_t2]);
      output = this.linear.call(h_t2);
      outputs.push(output); // outputs += [output]
    }
    const out = torch.cat(outputs, 1);
    return out;
  }
}

const { values: opt } = parseArgs({
  options: {
    steps: { type: "string", default: "15" }, // steps to run
    device: { type: "string", default: "cuda" }, // training device. cuda, mps, or cpu.
    future: { type: "string", default: "1000" }, // how many values to predict (not in the original)
    length: { type: "string" }, // use the first LENGTH values of each sequence (not in the original)
  },
});
// training device
const deviceName = opt.device;
if (deviceName === "cuda" && !torch.cuda.isAvailable()) {
  console.log("cuda is not available");
  process.exit(-1);
} else if (deviceName === "mps") {
  console.log("mps is not available"); // torchts has no MPS backend
  process.exit(-1);
}
const device = new torch.device(deviceName);
// set random seed to 0
// np.random.seed(0): numpy's generator; nothing here draws from it
torch.manualSeed(0);
// load data and make training set
let data = fromNumpy(torch.load("traindata.pt")).to(device);
data = data.index(":", opt.length === undefined ? ":" : `:${Number(opt.length)}`); // not in the original: all of it by default
const input = data.index("3:", ":-1");
const target = data.index("3:", "1:");
const testInput = data.index(":3", ":-1");
const testTarget = data.index(":3", "1:");
// build the model
const seq = new Sequence().to(device).double();
const criterion = new nn.MSELoss().to(device);
// use LBFGS as optimizer since we can load the whole data to train
const optimizer = new optim.LBFGS(seq.parameters(), { lr: 0.8 });
//begin to train
for (let i = 0; i < Number(opt.steps); i++) {
  console.log("STEP: ", i);
  const closure = (): torch.Tensor => {
    optimizer.zeroGrad();
    const out = seq.call(input);
    const loss = criterion.call(out, target);
    console.log("loss:", strFloat(Number(loss.item())));
    loss.backward();
    return loss;
  };
  optimizer.step(closure);
  // begin to predict, no need to track gradient here
  const y = torch.noGrad(() => {
    const future = Number(opt.future);
    const pred = seq.call(testInput, future);
    const loss = criterion.call(pred.index(":", `:${-future}`), testTarget);
    console.log("test loss:", strFloat(Number(loss.item())));
    return pred.cpu().detach(); // .numpy()
  });
  // draw the result: no matplotlib here; what would be drawn (y, the first input.size(1) values of each
  // row as given, the rest predicted) is saved instead
  torch.save({ y }, `predict${i}.pt`);
}
torch.save(seq.stateDict(), "seq.pt");
