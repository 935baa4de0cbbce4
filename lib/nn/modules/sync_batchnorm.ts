// nn.SyncBatchNorm: BatchNorm whose training statistics are those of the whole process group's
// batch. PyTorch's runs on CUDA only; this one runs wherever the group's backend does (Gloo: CPU).
import { type Group, getWorldSize, resolveGroup } from "../../distributed/process_group";
import { ValueError } from "../../errors";
import { native } from "../../native";
import { Tensor } from "../../tensor";
import type { Module } from "../module";
import { BatchNormBase, type BatchNormOptions, isBatchNorm } from "./batchnorm";

/** {@link BatchNormOptions} plus the process group to synchronize over. */
export interface SyncBatchNormOptions extends BatchNormOptions {
  /** The group whose batch statistics are combined (default: the whole world). */
  processGroup?: Group | null;
}

/**
 * nn.SyncBatchNorm: batch normalization whose training statistics are those of the batch across all
 * processes of a group.
 *
 * Differs from PyTorch: runs on whatever the group's backend runs on (Gloo: CPU), where PyTorch's needs
 * CUDA. With one process, or in evaluation mode, it is plain batch normalization.
 *
 * @param numFeatures - C, the number of channels.
 * @param o - {@link SyncBatchNormOptions}.
 *
 * Shape: input `(N, C, *)`; output the same.
 */
export class SyncBatchNorm extends BatchNormBase {
  /** The group statistics are synchronized over (null: the default group). */
  processGroup: Group | null;
  constructor(numFeatures: number, o: SyncBatchNormOptions = {}) {
    const { processGroup, ...rest } = o;
    super(numFeatures, rest);
    this.processGroup = processGroup ?? null;
  }
  protected checkInputDim(x: Tensor): void {
    if (x.dim() < 2) throw new ValueError(`expected at least 2D input (got ${x.dim()}D input)`);
  }
  protected normalize(
    x: Tensor,
    runningMean: Tensor | null,
    runningVar: Tensor | null,
    training: boolean,
    momentum: number,
  ): Tensor {
    if (x.size(1) === 0) throw new ValueError("SyncBatchNorm number of input channels should be non-zero");
    // As PyTorch: synchronise only in training, and only with more than one process.
    const group = training && this.training ? resolveGroup(this.processGroup) : null;
    if (!group || getWorldSize(group) <= 1) return super.normalize(x, runningMean, runningVar, training, momentum);
    const weight = this.weight instanceof Tensor ? this.weight.handle : undefined;
    const bias = this.bias instanceof Tensor ? this.bias.handle : undefined;
    return new Tensor(
      native.syncBatchNorm(x.handle, weight, bias, runningMean?.handle, runningVar?.handle, {
        eps: this.eps,
        momentum,
        group: group.id,
      }),
    );
  }

  /**
   * nn.SyncBatchNorm.convert_sync_batchnorm: every BatchNorm*d in `module` replaced by a SyncBatchNorm
   * holding the same parameters, buffers and mode.
   */
  static convertSyncBatchnorm<M extends Module>(module: M, processGroup: Group | null = null): M | SyncBatchNorm {
    if (isBatchNorm(module) && !(module instanceof SyncBatchNorm)) {
      const out = new SyncBatchNorm(module.numFeatures, {
        eps: module.eps,
        momentum: module.momentum,
        affine: module.affine,
        trackRunningStats: module.trackRunningStats,
        processGroup,
      });
      if (module.affine) {
        out.weight = module.weight;
        out.bias = module.bias;
      }
      out.registerBuffer("running_mean", module.runningMean);
      out.registerBuffer("running_var", module.runningVar);
      out.registerBuffer("num_batches_tracked", module.numBatchesTracked);
      out.training = module.training;
      return out;
    }
    for (const [name, child] of [...module._modules]) {
      if (child) module.addModule(name, SyncBatchNorm.convertSyncBatchnorm(child, processGroup));
    }
    return module;
  }
}
