// nn.RNN, nn.LSTM, nn.GRU and their cells as PyTorch 1.13's torch/nn/modules/rnn.py defines them: the
// same parameters registered in the same order (so seeded weights are equal), the same argument and
// shape checks with its messages; ATen's recurrent kernels do the work (native/rnn.cc).
import { zeros } from "../../creation";
import { ValueError } from "../../errors";
import { native, type RnnMode } from "../../native";
import { Tensor } from "../../tensor";
import { checkBool, checkInt } from "../../utils/check";
import { bindArgs, type ValuesThenOptions } from "../../utils/kwargs";
import { py } from "../../utils/pyrepr";
import type { FactoryOptions } from "../common_types";
import * as init from "../init";
import { Module } from "../module";
import { emptyParameter, type Parameter } from "../parameter";
import { PackedSequence } from "../utils/rnn";

/** Options shared by RNN, LSTM and GRU (PyTorch's keyword arguments). */
export interface RNNBaseOptions extends FactoryOptions {
  /** Stacked recurrent layers (default 1). */
  numLayers?: number;
  /** Whether the layers have bias_ih/bias_hh (default true). */
  bias?: boolean;
  /** Input and output as (batch, seq, feature) instead of (seq, batch, feature) (default false). */
  batchFirst?: boolean;
  /** Dropout on the outputs of every layer but the last, in training (default 0). */
  dropout?: number;
  /** A second, reversed direction per layer (default false). */
  bidirectional?: boolean;
}
/** nn.RNN's options: {@link RNNBaseOptions} and the nonlinearity. */
export interface RNNOptions extends RNNBaseOptions {
  /** "tanh" (default) or "relu". */
  nonlinearity?: "tanh" | "relu";
}
/** nn.LSTM's options: {@link RNNBaseOptions} and the projection size. */
export interface LSTMOptions extends RNNBaseOptions {
  /** Projects each hidden state to this size when > 0 (default 0). */
  projSize?: number;
}

type Mode = "LSTM" | "GRU" | "RNN_TANH" | "RNN_RELU";
const GATES: Record<Mode, number> = { LSTM: 4, GRU: 3, RNN_TANH: 1, RNN_RELU: 1 };
// cudnnRNNMode_t, as torch.backends.cudnn.rnn.get_cudnn_mode gives it.
const CUDNN_MODE: Record<Mode, number> = { RNN_RELU: 0, RNN_TANH: 1, LSTM: 2, GRU: 3 };
const KERNEL: Record<Exclude<Mode, "LSTM">, RnnMode> = { GRU: "gru", RNN_TANH: "rnn_tanh", RNN_RELU: "rnn_relu" };

const warn = (message: string) => process.emitWarning(message, "UserWarning");
// Python prints an expected size as a tuple and the actual one as a list.
const tuple = (s: number[]) => `(${s.join(", ")})`;
const list = (s: number[]) => `[${s.join(", ")}]`;

/** What RNN, LSTM and GRU share: PyTorch's RNNBase. */
export abstract class RNNBase extends Module {
  readonly numLayers: number;
  readonly bias: boolean;
  readonly batchFirst: boolean;
  /** Dropout between layers; may be changed after construction, as in PyTorch. */
  dropout: number;
  readonly bidirectional: boolean;
  readonly projSize: number;
  /** The parameter names per layer and direction, in the kernels' order (PyTorch's _flat_weights_names). */
  readonly flatWeightsNames: string[] = [];

  /** @internal */
  protected constructor(
    readonly mode: Mode,
    readonly inputSize: number,
    readonly hiddenSize: number,
    o: LSTMOptions,
  ) {
    super();
    checkInt(inputSize, "input_size");
    checkInt(hiddenSize, "hidden_size");
    this.numLayers = checkInt(o.numLayers ?? 1, "num_layers");
    this.bias = checkBool(o.bias ?? true, "bias");
    this.batchFirst = checkBool(o.batchFirst ?? false, "batch_first");
    this.bidirectional = checkBool(o.bidirectional ?? false, "bidirectional");
    this.projSize = checkInt(o.projSize ?? 0, "proj_size");
    const dropout = o.dropout ?? 0;
    if (typeof dropout !== "number" || !(dropout >= 0 && dropout <= 1))
      throw new ValueError(
        "dropout should be a number in range [0, 1] representing the probability of an element being zeroed",
      );
    this.dropout = dropout;
    if (dropout > 0 && this.numLayers === 1)
      warn(
        "dropout option adds dropout after all but last recurrent layer, so non-zero dropout expects " +
          `num_layers greater than 1, but got dropout=${dropout} and num_layers=${this.numLayers}`,
      );
    if (this.projSize < 0)
      throw new ValueError("proj_size should be a positive integer or zero to disable projections");
    if (this.projSize >= hiddenSize) throw new ValueError("proj_size has to be smaller than hidden_size");

    const gateSize = GATES[mode] * hiddenSize;
    const directions = this.bidirectional ? 2 : 1;
    const realHidden = this.projSize > 0 ? this.projSize : hiddenSize;
    for (let layer = 0; layer < this.numLayers; layer++) {
      for (let direction = 0; direction < directions; direction++) {
        const layerInput = layer === 0 ? inputSize : realHidden * directions;
        const suffix = `_l${layer}${direction === 1 ? "_reverse" : ""}`;
        const params: Array<[string, number[]]> = [
          [`weight_ih${suffix}`, [gateSize, layerInput]],
          [`weight_hh${suffix}`, [gateSize, realHidden]],
        ];
        if (this.bias) params.push([`bias_ih${suffix}`, [gateSize]], [`bias_hh${suffix}`, [gateSize]]);
        if (this.projSize > 0) params.push([`weight_hr${suffix}`, [this.projSize, hiddenSize]]);
        for (const [name, shape] of params) {
          this.registerParameter(name, emptyParameter(shape, o));
          this.flatWeightsNames.push(name);
        }
      }
    }
    this.flattenParameters();
    this.resetParameters();
  }

  /** Every weight from U(-1/sqrt(hiddenSize), 1/sqrt(hiddenSize)), in registration order. */
  resetParameters(): void {
    const stdv = this.hiddenSize > 0 ? 1.0 / Math.sqrt(this.hiddenSize) : 0;
    for (const w of this.parameters()) init.uniform_(w, -stdv, stdv);
  }

  /**
   * The weights in the kernels' order (PyTorch's _flat_weights), read at each call as attributes: after
   * pruning or weight norm a name holds a plain tensor that a forward pre-hook recomputes.
   */
  get flatWeights(): Parameter[] {
    return this.flatWeightsNames.map((n) => (this as unknown as Record<string, Parameter>)[n]!);
  }

  /** The weights grouped per layer and direction (PyTorch's all_weights). */
  get allWeights(): Parameter[][] {
    const per = this.flatWeightsNames.length / (this.numLayers * (this.bidirectional ? 2 : 1));
    const w = this.flatWeights;
    return Array.from({ length: w.length / per }, (_, k) => w.slice(k * per, (k + 1) * per));
  }

  /**
   * Packs the weights into one buffer for cuDNN (the same Parameter objects, now views of it), as
   * PyTorch does after `.to("cuda")`: without it cuDNN copies them on every call. A no-op unless every
   * weight is a CUDA tensor cuDNN takes, all of one dtype, none aliasing another.
   */
  flattenParameters(): void {
    const ws = this.flatWeights;
    if (ws.length !== this.flatWeightsNames.length || ws.some((w) => !(w instanceof Tensor))) return;
    native.rnnFlattenWeights(
      ws.map((w) => w.handle),
      {
        numWeights: (this.bias ? 4 : 2) + (this.projSize > 0 ? 1 : 0),
        inputSize: this.inputSize,
        mode: CUDNN_MODE[this.mode],
        hiddenSize: this.hiddenSize,
        projSize: this.projSize,
        numLayers: this.numLayers,
        batchFirst: this.batchFirst,
        bidirectional: this.bidirectional,
      },
    );
  }

  /** @internal PyTorch's RNNBase._apply: flatten again after a move. */
  override _afterApply(): void {
    this.flattenParameters();
  }

  /** @internal check_input: 3 dims (2 for packed data) whose last size is inputSize. */
  protected checkInput(input: Tensor, packed = false): void {
    const dims = packed ? 2 : 3;
    if (input.dim() !== dims) throw new Error(`input must have ${dims} dimensions, got ${input.dim()}`);
    if (this.inputSize !== input.size(-1))
      throw new Error(`input.size(-1) must be equal to input_size. Expected ${this.inputSize}, got ${input.size(-1)}`);
  }

  /** @internal get_expected_hidden_size for a batch of `miniBatch` */
  protected expectedHiddenSize(
    miniBatch: number,
    size = this.projSize > 0 ? this.projSize : this.hiddenSize,
  ): number[] {
    return [this.numLayers * (this.bidirectional ? 2 : 1), miniBatch, size];
  }

  /** @internal check_hidden_size */
  protected checkHiddenSize(hx: Tensor, expected: number[], what = "hidden size"): void {
    if (hx.shape.length !== expected.length || hx.shape.some((s, i) => s !== expected[i]))
      throw new Error(`Expected ${what} ${tuple(expected)}, got ${list(hx.shape)}`);
  }

  /** @internal the kernels' flags */
  protected kernelOptions() {
    return {
      hasBiases: this.bias,
      numLayers: this.numLayers,
      dropout: this.dropout,
      train: this.training,
      bidirectional: this.bidirectional,
      batchFirst: this.batchFirst,
    };
  }

  /** @internal RNN's and GRU's forward: one hidden state; packed input gives packed output. */
  protected forwardOneState(
    input: Tensor | PackedSequence,
    hx: Tensor | null | undefined,
    kernel: RnnMode,
  ): [Tensor | PackedSequence, Tensor] {
    const directions = this.bidirectional ? 2 : 1;
    const opts = { ...this.kernelOptions(), mode: kernel };
    const weights = this.flatWeights.map((w) => w.handle);
    if (input instanceof PackedSequence) {
      const { data, batchSizes, sortedIndices, unsortedIndices } = input;
      const maxBatch = Number(batchSizes.index(0).item());
      const h =
        hx == null
          ? zeros([this.numLayers * directions, maxBatch, this.hiddenSize], { dtype: data.dtype, device: data.device })
          : permuteHidden(hx, sortedIndices);
      this.checkInput(data, true);
      this.checkHiddenSize(h, this.expectedHiddenSize(maxBatch));
      const [out, hn] = native.rnnGruOrSimplePacked(data.handle, batchSizes.handle, h.handle, weights, opts);
      return [
        new PackedSequence(new Tensor(out), batchSizes, sortedIndices, unsortedIndices),
        permuteHidden(new Tensor(hn), unsortedIndices),
      ];
    }
    const batchDim = this.batchFirst ? 0 : 1;
    const isBatched = input.dim() === 3;
    let x = input;
    let h = hx ?? null;
    if (!isBatched) {
      x = input.unsqueeze(batchDim);
      if (h !== null) {
        if (h.dim() !== 2)
          throw new Error(`For unbatched 2-D input, hx should also be 2-D but got ${h.dim()}-D tensor`);
        h = h.unsqueeze(1);
      }
    } else if (h !== null && h.dim() !== 3) {
      throw new Error(`For batched 3-D input, hx should also be 3-D but got ${h.dim()}-D tensor`);
    }
    const maxBatch = this.batchFirst ? x.size(0) : x.size(1);
    h ??= zeros([this.numLayers * directions, maxBatch, this.hiddenSize], { dtype: x.dtype, device: x.device });
    this.checkInput(x);
    this.checkHiddenSize(h, this.expectedHiddenSize(maxBatch));
    const [out, hn] = native.rnnGruOrSimple(x.handle, h.handle, weights, opts);
    let output = new Tensor(out);
    let hidden = new Tensor(hn);
    if (!isBatched) {
      output = output.squeeze(batchDim);
      hidden = hidden.squeeze(1);
    }
    return [output, hidden];
  }

  /** `inputSize, hiddenSize` and every option that differs from its default, as PyTorch prints it. */
  extraRepr(): string {
    let s = `${this.inputSize}, ${this.hiddenSize}`;
    if (this.projSize !== 0) s += `, proj_size=${this.projSize}`;
    if (this.numLayers !== 1) s += `, num_layers=${this.numLayers}`;
    if (this.bias !== true) s += `, bias=${py(this.bias)}`;
    if (this.batchFirst !== false) s += `, batch_first=${py(this.batchFirst)}`;
    if (this.dropout !== 0) s += `, dropout=${this.dropout}`;
    if (this.bidirectional !== false) s += `, bidirectional=${py(this.bidirectional)}`;
    return s;
  }
}

// permute_hidden: the hidden state's batch (dim 1) in the packed order (null: as it is).
function permuteHidden(h: Tensor, permutation: Tensor | null): Tensor {
  return permutation === null ? h : h.indexSelect(1, permutation);
}

const BASE_ARGS = ["numLayers", "bias", "batchFirst", "dropout", "bidirectional"] as const;

/** RNN's parameters after the required ones, in PyTorch's order. */
type RNNPositional = [
  numLayers?: number,
  bias?: boolean,
  batchFirst?: boolean,
  dropout?: number,
  bidirectional?: boolean,
  device?: FactoryOptions["device"],
  dtype?: FactoryOptions["dtype"],
];
/**
 * nn.RNN: an Elman network, `h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)` (or ReLU), over
 * `numLayers` stacked layers.
 *
 * Args: `inputSize`, `hiddenSize`, then PyTorch's positional `numLayers, nonlinearity, bias, batchFirst,
 * dropout, bidirectional, device, dtype` or an options object.
 *
 * `forward(input, h0?)` takes input (L, N, inputSize) (or (N, L, ...) with batchFirst, or unbatched
 * (L, inputSize)) and returns `[output, hN]`.
 *
 * @example
 * ```ts
 * const rnn = new nn.RNN(10, 20, 2);
 * const [output, hn] = rnn.forward(torch.randn([5, 3, 10]), torch.randn([2, 3, 20]));
 * ```
 */
export class RNN extends RNNBase {
  readonly nonlinearity: "tanh" | "relu";
  /** PyTorch 1.13's positional form (nonlinearity is keyword-only there: pass it in an options object). */
  constructor(inputSize: number, hiddenSize: number, ...args: RNNPositional);
  /** Some values in PyTorch's order, then options for the rest. */
  constructor(inputSize: number, hiddenSize: number, ...args: ValuesThenOptions<RNNPositional, RNNOptions>);
  constructor(inputSize: number, hiddenSize: number, o?: RNNOptions);
  constructor(inputSize: number, hiddenSize: number, ...rest: unknown[]) {
    const names = [...BASE_ARGS, "projSize", "device", "dtype", "nonlinearity"];
    const o = bindArgs(rest, names, "RNN.__init__", 3, names.length - 1) as RNNOptions & { projSize?: number };
    if (o.projSize !== undefined) throw new ValueError("proj_size argument is only supported for LSTM, not RNN or GRU");
    const nonlinearity = o.nonlinearity ?? "tanh";
    if (nonlinearity !== "tanh" && nonlinearity !== "relu")
      throw new ValueError(`Unknown nonlinearity '${String(nonlinearity)}'`);
    const { nonlinearity: _, ...base } = o;
    super(nonlinearity === "tanh" ? "RNN_TANH" : "RNN_RELU", inputSize, hiddenSize, base);
    this.nonlinearity = nonlinearity;
  }
  /** Runs the layers over `input` from `hx` (zeros by default); returns `[output, hN]` (packed in, packed out). */
  forward(input: Tensor, hx?: Tensor | null): [Tensor, Tensor];
  forward(input: PackedSequence, hx?: Tensor | null): [PackedSequence, Tensor];
  forward(input: Tensor | PackedSequence, hx?: Tensor | null): [Tensor | PackedSequence, Tensor] {
    return this.forwardOneState(input, hx, this.mode === "RNN_TANH" ? "rnn_tanh" : "rnn_relu");
  }
}

/** GRU's parameters after the required ones, in PyTorch's order. */
type GRUPositional = [
  numLayers?: number,
  bias?: boolean,
  batchFirst?: boolean,
  dropout?: number,
  bidirectional?: boolean,
  device?: FactoryOptions["device"],
  dtype?: FactoryOptions["dtype"],
];
/**
 * nn.GRU: a gated recurrent unit network over `numLayers` stacked layers.
 *
 * Args: `inputSize`, `hiddenSize`, then PyTorch's positional `numLayers, bias, batchFirst, dropout,
 * bidirectional, device, dtype` or an options object. `forward(input, h0?)` returns `[output, hN]`.
 *
 * @example
 * ```ts
 * const gru = new nn.GRU(10, 20, { numLayers: 2, batchFirst: true });
 * const [output, hn] = gru.forward(torch.randn([3, 5, 10]));
 * ```
 */
export class GRU extends RNNBase {
  /** PyTorch's positional form. */
  constructor(inputSize: number, hiddenSize: number, ...args: GRUPositional);
  /** Some values in PyTorch's order, then options for the rest. */
  constructor(inputSize: number, hiddenSize: number, ...args: ValuesThenOptions<GRUPositional, RNNBaseOptions>);
  constructor(inputSize: number, hiddenSize: number, o?: RNNBaseOptions);
  constructor(inputSize: number, hiddenSize: number, ...rest: unknown[]) {
    const o = bindArgs(rest, [...BASE_ARGS, "projSize", "device", "dtype"], "GRU.__init__", 3) as LSTMOptions;
    if (o.projSize !== undefined) throw new ValueError("proj_size argument is only supported for LSTM, not RNN or GRU");
    super("GRU", inputSize, hiddenSize, o);
  }
  /** Runs the layers over `input` from `hx` (zeros by default); returns `[output, hN]` (packed in, packed out). */
  forward(input: Tensor, hx?: Tensor | null): [Tensor, Tensor];
  forward(input: PackedSequence, hx?: Tensor | null): [PackedSequence, Tensor];
  forward(input: Tensor | PackedSequence, hx?: Tensor | null): [Tensor | PackedSequence, Tensor] {
    return this.forwardOneState(input, hx, KERNEL.GRU);
  }
}

/** LSTM's parameters after the required ones, in PyTorch's order. */
type LSTMPositional = [
  numLayers?: number,
  bias?: boolean,
  batchFirst?: boolean,
  dropout?: number,
  bidirectional?: boolean,
  projSize?: number,
  device?: FactoryOptions["device"],
  dtype?: FactoryOptions["dtype"],
];
/**
 * nn.LSTM: a long short-term memory network over `numLayers` stacked layers, with an optional projection
 * of the hidden state (`projSize`).
 *
 * Args: `inputSize`, `hiddenSize`, then PyTorch's positional `numLayers, bias, batchFirst, dropout,
 * bidirectional, projSize, device, dtype` or an options object. `forward(input, [h0, c0]?)` returns
 * `[output, [hN, cN]]`.
 *
 * @example
 * ```ts
 * const lstm = new nn.LSTM(10, 20, 2);
 * const [output, [hn, cn]] = lstm.forward(torch.randn([5, 3, 10]));
 * ```
 */
export class LSTM extends RNNBase {
  /** PyTorch's positional form. */
  constructor(inputSize: number, hiddenSize: number, ...args: LSTMPositional);
  /** Some values in PyTorch's order, then options for the rest. */
  constructor(inputSize: number, hiddenSize: number, ...args: ValuesThenOptions<LSTMPositional, LSTMOptions>);
  constructor(inputSize: number, hiddenSize: number, o?: LSTMOptions);
  constructor(inputSize: number, hiddenSize: number, ...rest: unknown[]) {
    super(
      "LSTM",
      inputSize,
      hiddenSize,
      bindArgs(rest, [...BASE_ARGS, "projSize", "device", "dtype"], "LSTM.__init__", 3) as LSTMOptions,
    );
  }
  /** Runs the layers over `input` from `[h0, c0]` (zeros by default); returns `[output, [hN, cN]]` (packed in, packed out). */
  forward(input: Tensor, hx?: [Tensor, Tensor] | null): [Tensor, [Tensor, Tensor]];
  forward(input: PackedSequence, hx?: [Tensor, Tensor] | null): [PackedSequence, [Tensor, Tensor]];
  forward(input: Tensor | PackedSequence, hx?: [Tensor, Tensor] | null): [Tensor | PackedSequence, [Tensor, Tensor]] {
    const packed = input instanceof PackedSequence;
    const batchDim = this.batchFirst ? 0 : 1;
    const isBatched = packed || input.dim() === 3;
    const x = packed ? input.data : isBatched ? input : input.unsqueeze(batchDim);
    const sortedIndices = packed ? input.sortedIndices : null;
    const unsortedIndices = packed ? input.unsortedIndices : null;
    const maxBatch = packed ? Number(input.batchSizes.index(0).item()) : this.batchFirst ? x.size(0) : x.size(1);
    let h: Tensor;
    let c: Tensor;
    if (hx === undefined || hx === null) {
      const n = this.numLayers * (this.bidirectional ? 2 : 1);
      const o = { dtype: x.dtype, device: x.device };
      h = zeros([n, maxBatch, this.projSize > 0 ? this.projSize : this.hiddenSize], o);
      c = zeros([n, maxBatch, this.hiddenSize], o);
    } else {
      [h, c] = hx;
      if (!packed && isBatched) {
        if (h.dim() !== 3 || c.dim() !== 3)
          throw new Error(
            `For batched 3-D input, hx and cx should also be 3-D but got (${h.dim()}-D, ${c.dim()}-D) tensors`,
          );
      } else if (!packed) {
        if (h.dim() !== 2 || c.dim() !== 2)
          throw new Error(
            `For unbatched 2-D input, hx and cx should also be 2-D but got (${h.dim()}-D, ${c.dim()}-D) tensors`,
          );
        [h, c] = [h.unsqueeze(1), c.unsqueeze(1)];
      }
      [h, c] = [permuteHidden(h, sortedIndices), permuteHidden(c, sortedIndices)];
    }
    this.checkInput(x, packed);
    this.checkHiddenSize(h, this.expectedHiddenSize(maxBatch), "hidden[0] size");
    this.checkHiddenSize(c, this.expectedHiddenSize(maxBatch, this.hiddenSize), "hidden[1] size");
    const weights = this.flatWeights.map((w) => w.handle);
    const [out, hn, cn] = packed
      ? native.rnnLstmPacked(x.handle, input.batchSizes.handle, [h.handle, c.handle], weights, this.kernelOptions())
      : native.rnnLstm(x.handle, [h.handle, c.handle], weights, this.kernelOptions());
    const hidden: [Tensor, Tensor] = [
      permuteHidden(new Tensor(hn), unsortedIndices),
      permuteHidden(new Tensor(cn), unsortedIndices),
    ];
    if (packed) return [new PackedSequence(new Tensor(out), input.batchSizes, sortedIndices, unsortedIndices), hidden];
    const output = new Tensor(out);
    if (isBatched) return [output, hidden];
    return [output.squeeze(batchDim), [hidden[0].squeeze(1), hidden[1].squeeze(1)]];
  }
}

/** What the cells share: PyTorch's RNNCellBase (weight_ih, weight_hh, bias_ih, bias_hh). */
export abstract class RNNCellBase extends Module {
  readonly bias: boolean;
  /** `weight_ih`: (chunks * hiddenSize, inputSize). */
  get weightIh(): Parameter {
    return this.getParameter("weight_ih")!;
  }
  /** `weight_hh`: (chunks * hiddenSize, hiddenSize). */
  get weightHh(): Parameter {
    return this.getParameter("weight_hh")!;
  }
  /** `bias_ih`, or null without biases. */
  get biasIh(): Parameter | null {
    return this.getParameter("bias_ih");
  }
  /** `bias_hh`, or null without biases. */
  get biasHh(): Parameter | null {
    return this.getParameter("bias_hh");
  }
  /** @internal */
  protected constructor(
    readonly inputSize: number,
    readonly hiddenSize: number,
    bias: unknown,
    chunks: number,
    o: FactoryOptions,
  ) {
    super();
    checkInt(inputSize, "input_size");
    checkInt(hiddenSize, "hidden_size");
    this.bias = checkBool(bias ?? true, "bias");
    this.registerParameter("weight_ih", emptyParameter([chunks * hiddenSize, inputSize], o));
    this.registerParameter("weight_hh", emptyParameter([chunks * hiddenSize, hiddenSize], o));
    if (this.bias) {
      this.registerParameter("bias_ih", emptyParameter([chunks * hiddenSize], o));
      this.registerParameter("bias_hh", emptyParameter([chunks * hiddenSize], o));
    } else {
      this.registerParameter("bias_ih", null);
      this.registerParameter("bias_hh", null);
    }
    this.resetParameters();
  }
  /** @internal the four parameters by their PyTorch names */
  protected weights(): [Tensor, Tensor, Tensor | null, Tensor | null] {
    return [this.weightIh, this.weightHh, this.biasIh, this.biasHh];
  }
  /** Every weight from U(-1/sqrt(hiddenSize), 1/sqrt(hiddenSize)). */
  resetParameters(): void {
    const stdv = this.hiddenSize > 0 ? 1.0 / Math.sqrt(this.hiddenSize) : 0;
    for (const w of this.parameters()) init.uniform_(w, -stdv, stdv);
  }
  /** @internal PyTorch's assert on the input's dims */
  protected checkCellInput(name: string, input: Tensor): boolean {
    if (input.dim() !== 1 && input.dim() !== 2)
      throw Object.assign(new Error(`${name}: Expected input to be 1-D or 2-D but received ${input.dim()}-D tensor`), {
        name: "AssertionError",
      });
    return input.dim() === 2;
  }
  /** @internal RNNCell's and GRUCell's step: batch the input, zeros for hx, run the kernel, unbatch. */
  protected oneStateStep(name: string, input: Tensor, hx: Tensor | null | undefined, mode: RnnMode): Tensor {
    const batched = this.checkCellInput(name, input);
    const x = batched ? input : input.unsqueeze(0);
    const h =
      hx == null
        ? zeros([x.size(0), this.hiddenSize], { dtype: x.dtype, device: x.device })
        : batched
          ? hx
          : hx.unsqueeze(0);
    const [wih, whh, bih, bhh] = this.weights();
    const out = new Tensor(native.rnnCell(x.handle, h.handle, wih.handle, whh.handle, bih?.handle, bhh?.handle, mode));
    return batched ? out : out.squeeze(0);
  }
  extraRepr(): string {
    let s = `${this.inputSize}, ${this.hiddenSize}`;
    if (this.bias !== true) s += `, bias=${py(this.bias)}`;
    const nl = (this as { nonlinearity?: string }).nonlinearity;
    if (nl !== undefined && nl !== "tanh") s += `, nonlinearity=${nl}`;
    return s;
  }
}

/** RNNCell's parameters after the required ones, in PyTorch's order. */
type RNNCellPositional = [
  bias?: boolean,
  nonlinearity?: "tanh" | "relu",
  device?: FactoryOptions["device"],
  dtype?: FactoryOptions["dtype"],
];
/** nn.RNNCell: one step of an Elman RNN; `forward(input, hx?)` returns h'. */
export class RNNCell extends RNNCellBase {
  readonly nonlinearity: string;
  /** PyTorch's positional form: RNNCell(inputSize, hiddenSize, bias, nonlinearity, device, dtype). */
  constructor(inputSize: number, hiddenSize: number, ...args: RNNCellPositional);
  /** Some values in PyTorch's order, then options for the rest. */
  constructor(
    inputSize: number,
    hiddenSize: number,
    ...args: ValuesThenOptions<RNNCellPositional, FactoryOptions & { bias?: boolean; nonlinearity?: "tanh" | "relu" }>
  );
  constructor(
    inputSize: number,
    hiddenSize: number,
    o?: FactoryOptions & { bias?: boolean; nonlinearity?: "tanh" | "relu" },
  );
  constructor(inputSize: number, hiddenSize: number, ...rest: unknown[]) {
    const o = bindArgs(rest, ["bias", "nonlinearity", "device", "dtype"], "RNNCell.__init__", 3) as FactoryOptions & {
      bias?: boolean;
      nonlinearity?: string;
    };
    super(inputSize, hiddenSize, o.bias, 1, o);
    this.nonlinearity = o.nonlinearity ?? "tanh";
  }
  /** One step from `hx` (zeros by default). */
  forward(input: Tensor, hx?: Tensor | null): Tensor {
    if (this.nonlinearity !== "tanh" && this.nonlinearity !== "relu")
      throw new Error(`Unknown nonlinearity: ${this.nonlinearity}`);
    return this.oneStateStep("RNNCell", input, hx, this.nonlinearity === "tanh" ? "rnn_tanh" : "rnn_relu");
  }
}

/** GRUCell's parameters after the required ones, in PyTorch's order. */
type GRUCellPositional = [bias?: boolean, device?: FactoryOptions["device"], dtype?: FactoryOptions["dtype"]];
/** nn.GRUCell: one step of a GRU; `forward(input, hx?)` returns h'. */
export class GRUCell extends RNNCellBase {
  /** PyTorch's positional form: GRUCell(inputSize, hiddenSize, bias, device, dtype). */
  constructor(inputSize: number, hiddenSize: number, ...args: GRUCellPositional);
  /** Some values in PyTorch's order, then options for the rest. */
  constructor(
    inputSize: number,
    hiddenSize: number,
    ...args: ValuesThenOptions<GRUCellPositional, FactoryOptions & { bias?: boolean }>
  );
  constructor(inputSize: number, hiddenSize: number, o?: FactoryOptions & { bias?: boolean });
  constructor(inputSize: number, hiddenSize: number, ...rest: unknown[]) {
    const o = bindArgs(rest, ["bias", "device", "dtype"], "GRUCell.__init__", 3) as FactoryOptions & { bias?: boolean };
    super(inputSize, hiddenSize, o.bias, 3, o);
  }
  /** One step from `hx` (zeros by default). */
  forward(input: Tensor, hx?: Tensor | null): Tensor {
    return this.oneStateStep("GRUCell", input, hx, "gru");
  }
}

/** LSTMCell's parameters after the required ones, in PyTorch's order. */
type LSTMCellPositional = [bias?: boolean, device?: FactoryOptions["device"], dtype?: FactoryOptions["dtype"]];
/** nn.LSTMCell: one step of an LSTM; `forward(input, [h, c]?)` returns [h', c']. */
export class LSTMCell extends RNNCellBase {
  /** PyTorch's positional form: LSTMCell(inputSize, hiddenSize, bias, device, dtype). */
  constructor(inputSize: number, hiddenSize: number, ...args: LSTMCellPositional);
  /** Some values in PyTorch's order, then options for the rest. */
  constructor(
    inputSize: number,
    hiddenSize: number,
    ...args: ValuesThenOptions<LSTMCellPositional, FactoryOptions & { bias?: boolean }>
  );
  constructor(inputSize: number, hiddenSize: number, o?: FactoryOptions & { bias?: boolean });
  constructor(inputSize: number, hiddenSize: number, ...rest: unknown[]) {
    const o = bindArgs(rest, ["bias", "device", "dtype"], "LSTMCell.__init__", 3) as FactoryOptions & {
      bias?: boolean;
    };
    super(inputSize, hiddenSize, o.bias, 4, o);
  }
  /** One step from `[h, c]` (zeros by default). */
  forward(input: Tensor, hx?: [Tensor, Tensor] | null): [Tensor, Tensor] {
    const batched = this.checkCellInput("LSTMCell", input);
    const x = batched ? input : input.unsqueeze(0);
    let state: [Tensor, Tensor];
    if (hx == null) {
      const z = zeros([x.size(0), this.hiddenSize], { dtype: x.dtype, device: x.device });
      state = [z, z];
    } else state = batched ? hx : [hx[0].unsqueeze(0), hx[1].unsqueeze(0)];
    const [wih, whh, bih, bhh] = this.weights();
    const [h, c] = native.lstmCell(
      x.handle,
      [state[0].handle, state[1].handle],
      wih.handle,
      whh.handle,
      bih?.handle,
      bhh?.handle,
    );
    const out: [Tensor, Tensor] = [new Tensor(h), new Tensor(c)];
    return batched ? out : [out[0].squeeze(0), out[1].squeeze(0)];
  }
}
