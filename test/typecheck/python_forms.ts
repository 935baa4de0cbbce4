// Compiled by `tsc -p tsconfig.json` (part of the build and the lint gate): Python's keyword forms that
// the TypeScript signatures declare must type-check. What they compute is tested against PyTorch in
// test/aten_ops.test.ts; this file is never run.
import * as torch from "../../lib";

export function pythonForms(x: torch.Tensor, y: torch.Tensor, g: torch.Generator): unknown[] {
  const F = torch.nn.functional;
  return [
    x.sum({ dim: 1, keepdim: true }),
    x.gather(0, y.long(), { sparseGrad: true }),
    x.gather({ dim: 0, index: y.long() }),
    x.sum({ dim: [0, 1], dtype: "float64" }),
    x.mean({ dim: 0 }),
    x.std({ dim: 1, unbiased: false }),
    x.var({ dim: 1, correction: 0 }),
    x.std(false),
    x.max({ dim: 1 })[0],
    x.max(y),
    x.argmax({ dim: 1, keepdim: true }),
    x.flatten({ startDim: 1 }),
    x.softmax({ dim: 1, dtype: "float64" }),
    x.logSoftmax(1, { dtype: "float64" }),
    x.cumsum({ dim: 0 }),
    x.div(y, { roundingMode: "floor" }),
    x.round({ decimals: 2 }),
    torch.cat([x, y], { dim: 1 }),
    torch.stack([x, y], { dim: 0 }),
    F.softmax(x, { dim: 1 }),
    F.logSoftmax(x, 1, { dtype: "float64" }),
    F.dropout(x, { p: 0.2, training: false }),
    F.leakyRelu(x, { negativeSlope: 0.1 }),
    // generated operators: keywords for any parameter after the first value
    x.clampMin(0),
    torch.hammingWindow(5, { periodic: false, dtype: "float64" }),
    torch.linalg.vectorNorm(x, 3, { dim: 1 }),
    torch.linalg.matrixNorm(x, { ord: "fro" }),
    x.cauchy_({ generator: g }),
    torch.multinomial(x.abs(), 2, { replacement: true, generator: g }),
    torch.zeros(2, 3),
    torch.randint(10, [3]),
    // complex tensors: Complex values and scalars, parts, torch.fft, stft
    torch.tensor([new torch.Complex(1, 2), 3]),
    x.mul(new torch.Complex(0, 1)),
    torch.full([2], new torch.Complex(1, -1)),
    torch.fft.rfft(x, { n: 8, norm: "ortho" }),
    torch.fft.fftshift(x),
    torch.stft(x, 16, { returnComplex: true, window: torch.hannWindow(16) }),
    x.stft(16, { center: false, returnComplex: true }),
    torch.viewAsReal(x).real,
    x.mH,
    // out=: the out tensors come back
    torch.zeros(2, 3, { out: x }),
    torch.cat([x, x], { out: x }),
    F.gelu(x, { out: x }),
    // keyword forms of hand-written methods, and torch.<fn> with every overload of the method
    x.unsqueeze({ dim: 0 }),
    x.squeeze({ dim: 0 }),
    x.clamp({ min: 0 }),
    x.to({ dtype: "float64" }),
    x.to({ device: "cpu", dtype: "float32" }),
    x.chunk(2, { dim: 1 }),
    x.split(2, { dim: 1 }),
    x.repeatInterleave(2, { dim: 0 }),
    x.logsumexp({ dim: 1, keepdim: true }),
    x.median({ dim: 1 })[0],
    x.allclose(y, { rtol: 1e-3 }),
    x.diff({ dim: 1 }),
    x.roll(1, { dims: 0 }),
    x.flip({ dims: [0] }),
    x.any({ dim: 1 }),
    x.prod({ dim: 1, keepdim: true }),
    torch.sum(x, { dim: 1 }),
    torch.max(x, { dim: 1 })[1],
    torch.argmax(x, { dim: 1, keepdim: true }),
    torch.hannWindow(4, { requiresGrad: true }),
  ];
}

export function complexValues(z: torch.Tensor): Array<number | bigint | boolean | torch.Complex> {
  z.imag = 0;
  z.real = z.real.mul(2);
  const v = z.item();
  return [v, ...(z.toArray() as torch.Complex[])];
}

// Constructors called as Python calls them: some values in PyTorch's order, then keywords for the rest.
export function moduleForms(): torch.nn.Module[] {
  const { nn } = torch;
  return [
    new nn.ConvTranspose2d(100, 64, 4, 1, 0, { bias: false }),
    new nn.Conv2d(3, 64, 4, 2, 1, { bias: false }),
    new nn.Conv1d(3, 8, 3, 1, { padding: "same", bias: false }),
    new nn.Conv3d(3, 8, 3, { stride: 2 }),
    new nn.ConvTranspose1d(3, 8, 3, 2, 1, 1, { bias: false }),
    new nn.LSTM(10, 20, 2, { batchFirst: true }),
    new nn.MaxPool2d(3, 2, { padding: 1 }),
    new nn.TransformerEncoderLayer(16, 4, 64, { batchFirst: true }),
    new nn.TransformerDecoderLayer(16, 4, 64, 0.1, { batchFirst: true }),
    new nn.BatchNorm1d(64, 1e-3, { affine: false }),
    new nn.Embedding(10, 3, 0, { maxNorm: 1 }),
    new nn.AvgPool2d(3, 2, { padding: 1 }),
    new nn.LayerNorm([4], 1e-6, { elementwiseAffine: false }),
    new nn.GroupNorm(2, 4, 1e-6, { affine: false }),
    new nn.LeakyReLU(0.2, { inplace: true }),
    new nn.MultiheadAttention(16, 4, 0.1, { batchFirst: true }),
    new nn.GRU(10, 20, 2, { batchFirst: true }),
    new nn.Upsample(null, 2, { mode: "nearest" }),
    new nn.CrossEntropyLoss(null, { labelSmoothing: 0.1 }),
    new nn.Unfold(3, 1, { padding: 1 }),
    new nn.PReLU(3, { init: 0.1 }),
    new nn.TransformerEncoder(new nn.TransformerEncoderLayer(16, 4), 2, { enableNestedTensor: false }),
    new nn.TransformerDecoder(new nn.TransformerDecoderLayer(16, 4), 1, { norm: new nn.LayerNorm([16]) }),
    // @ts-expect-error a value of the wrong type in a positional slot
    new nn.Conv2d(3, 64, 4, "x", { bias: false }),
  ];
}
