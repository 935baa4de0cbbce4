// torch.nn.utils.rnn: variable-length batches for the recurrent layers, as PyTorch 1.13 makes them
// (PackedSequence with its sort permutations, pack/pad in both directions); ATen's kernels do the
// packing (native/rnn.cc).
import { arange, emptyLike, tensor } from "../../creation";
import type { DeviceLike } from "../../device";
import { ValueError } from "../../errors";
import { native } from "../../native";
import { asTensor, Tensor } from "../../tensor";
import { checkBool, checkInt } from "../../utils/check";

/**
 * A batch of sequences of different lengths, packed time step by time step (PyTorch's PackedSequence):
 * `data` holds the steps of every sequence still running, `batchSizes` (int64, CPU) how many run at each
 * step. Made by {@link packPaddedSequence} or {@link packSequence}; RNN, LSTM and GRU take and return it.
 */
export class PackedSequence {
  /** The inverse of `sortedIndices` (how to put the batch back in its original order), or null. */
  readonly unsortedIndices: Tensor | null;
  constructor(
    readonly data: Tensor,
    readonly batchSizes: Tensor,
    /** The order the sequences were sorted into (by decreasing length), or null when given sorted. */
    readonly sortedIndices: Tensor | null = null,
    unsortedIndices: Tensor | null = null,
  ) {
    this.unsortedIndices = unsortedIndices ?? invertPermutation(sortedIndices);
  }
  /** The same sequences with `data` (and the permutations) on another device or dtype; batchSizes stay on the CPU. */
  to(device: DeviceLike): PackedSequence {
    const data = this.data.to(device);
    const move = (t: Tensor | null) => (t === null ? null : t.to(data.device));
    return new PackedSequence(data, this.batchSizes, move(this.sortedIndices), move(this.unsortedIndices));
  }
  /** Whether `data` is on a CUDA device. */
  get isCuda(): boolean {
    return this.data.device.startsWith("cuda");
  }
  /** `[data, batchSizes, sortedIndices, unsortedIndices]`, as Python unpacks the namedtuple. */
  [Symbol.iterator](): Iterator<Tensor | null> {
    return [this.data, this.batchSizes, this.sortedIndices, this.unsortedIndices][Symbol.iterator]();
  }
}

/** The permutation that undoes `permutation` (null stays null). */
export function invertPermutation(permutation: Tensor | null): Tensor | null {
  if (permutation === null) return null;
  const out = emptyLike(permutation);
  out.scatter_(0, permutation, arange(permutation.numel(), { dtype: permutation.dtype, device: permutation.device }));
  return out;
}

/**
 * torch.nn.utils.rnn.pack_padded_sequence: packs a padded batch (T, B, *) (or (B, T, *) with
 * `batchFirst`) whose sequences have the given lengths. With `enforceSorted` (the default) the lengths
 * must decrease; otherwise the batch is sorted here and the permutation kept in the result.
 */
export function packPaddedSequence(
  input: Tensor,
  lengths: Tensor | number[],
  batchFirst = false,
  enforceSorted = true,
): PackedSequence {
  asTensor(input, "input");
  checkBool(batchFirst, "batch_first");
  checkBool(enforceSorted, "enforce_sorted");
  // As torch.as_tensor(lengths, dtype=int64): the device stays (a CUDA one is the kernel's error).
  let len = lengths instanceof Tensor ? lengths.to("int64") : tensor(lengths, { dtype: "int64" });
  let sortedIndices: Tensor | null = null;
  let x = input;
  if (!enforceSorted) {
    const [sorted, order] = len.sort({ descending: true });
    len = sorted;
    sortedIndices = order.to(input.device);
    x = input.indexSelect(batchFirst ? 0 : 1, sortedIndices);
  }
  const [data, batchSizes] = native.packPaddedSequence(x.handle, len.handle, batchFirst);
  return new PackedSequence(new Tensor(data), new Tensor(batchSizes), sortedIndices, null);
}

/**
 * torch.nn.utils.rnn.pad_packed_sequence: the inverse of {@link packPaddedSequence}: `[padded, lengths]`
 * with the batch in its original order, padded with `paddingValue` up to the longest sequence (or
 * `totalLength`).
 */
export function padPackedSequence(
  sequence: PackedSequence,
  batchFirst = false,
  paddingValue = 0.0,
  totalLength: number | null = null,
): [Tensor, Tensor] {
  if (!(sequence instanceof PackedSequence)) throw new TypeError("sequence must be a PackedSequence");
  let maxLength = sequence.batchSizes.size(0);
  if (totalLength !== null) {
    checkInt(totalLength, "total_length");
    if (totalLength < maxLength)
      throw new ValueError(
        "Expected total_length to be at least the length of the longest sequence in input, but got " +
          `total_length=${totalLength} and max sequence length being ${maxLength}`,
      );
    maxLength = totalLength;
  }
  const [p, l] = native.padPackedSequence(
    sequence.data.handle,
    sequence.batchSizes.handle,
    checkBool(batchFirst, "batch_first"),
    paddingValue,
    maxLength,
  );
  const padded = new Tensor(p);
  const lengths = new Tensor(l);
  const unsorted = sequence.unsortedIndices;
  if (unsorted === null) return [padded, lengths];
  return [padded.indexSelect(batchFirst ? 0 : 1, unsorted), lengths.indexSelect(0, unsorted.cpu())];
}

/**
 * torch.nn.utils.rnn.pad_sequence: stacks tensors of shape (L_i, *) into (max L, B, *) (or (B, max L, *)
 * with `batchFirst`), padding with `paddingValue`.
 */
export function padSequence(sequences: Tensor[], batchFirst = false, paddingValue = 0.0): Tensor {
  if (!Array.isArray(sequences)) throw new TypeError("sequences must be an array of tensors");
  return new Tensor(
    native.padSequence(
      sequences.map((t, i) => asTensor(t, `sequences[${i}]`).handle),
      checkBool(batchFirst, "batch_first"),
      paddingValue,
    ),
  );
}

/** torch.nn.utils.rnn.pack_sequence: packs a list of tensors (L_i, *) of decreasing length (or any order without enforceSorted). */
export function packSequence(sequences: Tensor[], enforceSorted = true): PackedSequence {
  const lengths = sequences.map((s) => asTensor(s, "sequence").size(0));
  return packPaddedSequence(padSequence(sequences), lengths, false, enforceSorted);
}
