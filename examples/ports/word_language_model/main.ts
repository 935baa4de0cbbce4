// A port of pytorch/examples word_language_model/main.py (late 2022), line by line with torchts: an RNN
// (LSTM, GRU, RNN_TANH, RNN_RELU) or Transformer language model over a word corpus, trained by plain SGD
// written out (clip_grad_norm_, then p.data.add_(p.grad, alpha=-lr)), truncated backpropagation through
// time (batchify, get_batch, repackage_hidden), the learning rate divided by 4 when the validation loss does
// not improve, perplexities printed as the original prints them. Differences, the same in the Python
// reference (examples/ports/reference/word_language_model/main.py): the best model is saved and loaded as
// its state dict (the original pickles the whole Python model with torch.save(model, f)); torchts has no
// ONNX export (--onnx-export throws) and no MPS backend (--mps is accepted and changes nothing).
//   node dist/examples/ports/word_language_model/main.js --data DIR [--model LSTM] [--epochs 40] ...
import * as path from "node:path";
import { parseArgs } from "node:util";
import * as torch from "torchts";
import { enumerate, format, len } from "../builtins";
import * as data from "./data";
import * as model_ from "./model";

const { nn } = torch;

const { values } = parseArgs({
  options: {
    data: { type: "string", default: "./data/wikitext-2" },
    model: { type: "string", default: "LSTM" },
    emsize: { type: "string", default: "200" },
    nhid: { type: "string", default: "200" },
    nlayers: { type: "string", default: "2" },
    lr: { type: "string", default: "20" },
    clip: { type: "string", default: "0.25" },
    epochs: { type: "string", default: "40" },
    batch_size: { type: "string", default: "20" },
    bptt: { type: "string", default: "35" },
    dropout: { type: "string", default: "0.2" },
    tied: { type: "boolean", default: false },
    seed: { type: "string", default: "1111" },
    cuda: { type: "boolean", default: false },
    mps: { type: "boolean", default: false },
    "log-interval": { type: "string", default: "200" },
    save: { type: "string", default: "model.pt" },
    "onnx-export": { type: "string", default: "" },
    nhead: { type: "string", default: "2" },
    "dry-run": { type: "boolean", default: false },
  },
});
// argparse's namespace (PyTorch Wikitext-2 RNN/LSTM/GRU/Transformer Language Model), numbers parsed
const args = {
  data: values.data,
  model: values.model,
  emsize: Number(values.emsize),
  nhid: Number(values.nhid),
  nlayers: Number(values.nlayers),
  lr: Number(values.lr),
  clip: Number(values.clip),
  epochs: Number(values.epochs),
  batchSize: Number(values.batch_size),
  bptt: Number(values.bptt),
  dropout: Number(values.dropout),
  tied: values.tied,
  seed: Number(values.seed),
  cuda: values.cuda,
  mps: values.mps,
  logInterval: Number(values["log-interval"]),
  save: values.save,
  onnxExport: values["onnx-export"],
  nhead: Number(values.nhead),
  dryRun: values["dry-run"],
};

// Set the random seed manually for reproducibility.
torch.manualSeed(args.seed);
if (torch.cuda.isAvailable()) {
  if (!args.cuda) console.log("WARNING: You have a CUDA device, so you should probably run with --cuda.");
}
// torch.backends.mps.is_available(): torchts has no MPS backend

const device = new torch.device(args.cuda ? "cuda" : "cpu");

///////////////////////////////////////////////////////////////////////////////
// Load data
///////////////////////////////////////////////////////////////////////////////

const corpus = new data.Corpus(args.data);

// Starting from sequential data, batchify arranges the dataset into columns.
// For instance, with the alphabet as the sequence and batch size 4, we'd get
// ┌ a g m s ┐
// │ b h n t │
// │ c i o u │
// │ d j p v │
// │ e k q w │
// └ f l r x ┘.
// These columns are treated as independent by the model, which means that the
// dependence of e. g. 'g' on 'f' can not be learned, but allows more efficient
// batch processing.

function batchify(data: torch.Tensor, bsz: number): torch.Tensor {
  // Work out how cleanly we can divide the dataset into bsz parts.
  const nbatch = Math.floor(data.size(0) / bsz);
  // Trim off any extra elements that wouldn't cleanly fit (remainders).
  data = data.narrow(0, 0, nbatch * bsz);
  // Evenly divide the data across the bsz batches.
  data = data.view(bsz, -1).t().contiguous();
  return data.to(device);
}

const evalBatchSize = 10;
const trainData = batchify(corpus.train, args.batchSize);
const valData = batchify(corpus.valid, evalBatchSize);
const testData = batchify(corpus.test, evalBatchSize);

///////////////////////////////////////////////////////////////////////////////
// Build the model
///////////////////////////////////////////////////////////////////////////////

const ntokens = len(corpus.dictionary);
const model =
  args.model === "Transformer"
    ? new model_.TransformerModel(ntokens, args.emsize, args.nhead, args.nhid, args.nlayers, args.dropout).to(device)
    : new model_.RNNModel(args.model, ntokens, args.emsize, args.nhid, args.nlayers, args.dropout, args.tied).to(
        device,
      );

const criterion = new nn.NLLLoss();

///////////////////////////////////////////////////////////////////////////////
// Training code
///////////////////////////////////////////////////////////////////////////////

/** Wraps hidden states in new Tensors, to detach them from their history. */
function repackageHidden(h: model_.Hidden): model_.Hidden {
  if (h instanceof torch.Tensor) {
    return h.detach();
  } else {
    return [h[0].detach(), h[1].detach()]; // tuple(repackage_hidden(v) for v in h)
  }
}

// get_batch subdivides the source data into chunks of length args.bptt.
// If source is equal to the example output of the batchify function, with
// a bptt-limit of 2, we'd get the following two Variables for i = 0:
// ┌ a g m s ┐ ┌ b h n t ┐
// └ b h n t ┘ └ c i o u ┘
// Note that despite the name of the function, the subdivison of data is not
// done along the batch dimension (i.e. dimension 1), since that was handled
// by the batchify function. The chunks are along dimension 0, corresponding
// to the seq_len dimension in the LSTM.

function getBatch(source: torch.Tensor, i: number): [torch.Tensor, torch.Tensor] {
  const seqLen = Math.min(args.bptt, source.size(0) - 1 - i);
  const data = source.index(`${i}:${i + seqLen}`);
  const target = source.index(`${i + 1}:${i + 1 + seqLen}`).view(-1);
  return [data, target];
}

/** range(start, stop, step) */
function* range(start: number, stop: number, step: number): Generator<number> {
  for (let i = start; i < stop; i += step) yield i;
}

/** model(data) for the Transformer, model(data, hidden) for the RNNs, as main.py branches on args.model. */
function evaluate(dataSource: torch.Tensor): number {
  // Turn on evaluation mode which disables dropout.
  model.eval();
  let totalLoss = 0;
  const ntokens = len(corpus.dictionary);
  let hidden: model_.Hidden | undefined;
  if (!(model instanceof model_.TransformerModel)) hidden = model.initHidden(evalBatchSize);
  torch.noGrad(() => {
    for (const i of range(0, dataSource.size(0) - 1, args.bptt)) {
      const [data, targets] = getBatch(dataSource, i);
      let output: torch.Tensor;
      if (model instanceof model_.TransformerModel) {
        output = model.call(data);
        output = output.view(-1, ntokens);
      } else {
        [output, hidden] = model.call(data, initialized(hidden));
        hidden = repackageHidden(hidden);
      }
      totalLoss += data.size(0) * Number(criterion.call(output, targets).item());
    }
  });
  return totalLoss / (dataSource.size(0) - 1);
}

/** A hidden state the RNN branch set before (Python's NameError otherwise). */
function initialized(hidden: model_.Hidden | undefined): model_.Hidden {
  if (hidden === undefined) throw new Error("NameError: name 'hidden' is not defined");
  return hidden;
}

let lr = args.lr;
let epoch = 0;

function train(): void {
  // Turn on training mode which enables dropout.
  model.train();
  let totalLoss = 0;
  let startTime = performance.now() / 1000;
  const ntokens = len(corpus.dictionary);
  let hidden: model_.Hidden | undefined;
  if (!(model instanceof model_.TransformerModel)) hidden = model.initHidden(args.batchSize);
  for (const [batch, i] of enumerate(range(0, trainData.size(0) - 1, args.bptt))) {
    const [data, targets] = getBatch(trainData, i);
    // Starting each batch, we detach the hidden state from how it was previously produced.
    // If we didn't, the model would try backpropagating all the way to start of the dataset.
    model.zeroGrad();
    let output: torch.Tensor;
    if (model instanceof model_.TransformerModel) {
      output = model.call(data);
      output = output.view(-1, ntokens);
    } else {
      hidden = repackageHidden(initialized(hidden));
      [output, hidden] = model.call(data, hidden);
    }
    const loss = criterion.call(output, targets);
    loss.backward();

    // `clip_grad_norm` helps prevent the exploding gradient problem in RNNs / LSTMs.
    nn.utils.clipGradNorm_(model.parameters(), args.clip);
    for (const p of model.parameters()) {
      p.data.add_(grad(p), { alpha: -lr });
    }

    totalLoss += Number(loss.item());

    if (batch % args.logInterval === 0 && batch > 0) {
      const curLoss = totalLoss / args.logInterval;
      const elapsed = performance.now() / 1000 - startTime;
      console.log(
        `| epoch ${format(epoch, "3d")} | ${format(batch, "5d")}/${format(Math.floor(trainData.size(0) / args.bptt), "5d")} batches | ` +
          `lr ${format(lr, "02.2f")} | ms/batch ${format((elapsed * 1000) / args.logInterval, "5.2f")} | ` +
          `loss ${format(curLoss, "5.2f")} | ppl ${format(Math.exp(curLoss), "8.2f")}`,
      );
      totalLoss = 0;
      startTime = performance.now() / 1000;
    }
    if (args.dryRun) break;
  }
}

/** p.grad where backward set it (Python's p.data.add_(None, ...) is a TypeError). */
function grad(p: torch.Tensor): torch.Tensor {
  if (p.grad === null) throw new TypeError("add_(): argument 'other' (position 1) must be Tensor, not NoneType");
  return p.grad;
}

function exportOnnx(_path: string, _batchSize: number, _seqLen: number): void {
  throw new Error("torchts has no ONNX export (torch.onnx.export)");
}

// Loop over epochs.
let bestValLoss: number | null = null;

// At any point you can hit Ctrl + C to break out of training early.
let interrupted = false;
process.once("SIGINT", () => {
  interrupted = true;
});
for (epoch = 1; epoch <= args.epochs && !interrupted; epoch++) {
  const epochStartTime = performance.now() / 1000;
  train();
  const valLoss = evaluate(valData);
  console.log("-".repeat(89));
  console.log(
    `| end of epoch ${format(epoch, "3d")} | time: ${format(performance.now() / 1000 - epochStartTime, "5.2f")}s | ` +
      `valid loss ${format(valLoss, "5.2f")} | valid ppl ${format(Math.exp(valLoss), "8.2f")}`,
  );
  console.log("-".repeat(89));
  // Save the model if the validation loss is the best we've seen so far.
  if (!bestValLoss || valLoss < bestValLoss) {
    torch.save(model.stateDict(), args.save); // the original: torch.save(model, f)
    bestValLoss = valLoss;
  } else {
    // Anneal the learning rate if no improvement has been seen in the validation dataset.
    lr /= 4.0;
  }
}
if (interrupted) {
  console.log("-".repeat(89));
  console.log("Exiting from training early");
}

// Load the best saved model.
model.loadStateDict(torch.load(args.save)); // the original: model = torch.load(f)
// after load the rnn params are not a continuous chunk of memory
// this makes them a continuous chunk, and will speed up forward pass
// Currently, only rnn model supports flatten_parameters function.
if (model instanceof model_.RNNModel) model.rnn.flattenParameters();

// Run on test data.
const testLoss = evaluate(testData);
console.log("=".repeat(89));
console.log(
  `| End of training | test loss ${format(testLoss, "5.2f")} | test ppl ${format(Math.exp(testLoss), "8.2f")}`,
);
console.log("=".repeat(89));

if (args.onnxExport.length > 0) {
  // Export the model in ONNX format.
  console.log(`The model is also exported in ONNX format at ${path.resolve(args.onnxExport)}.`);
  exportOnnx(args.onnxExport, 1, args.bptt);
}
