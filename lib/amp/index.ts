// torch.amp: automatic mixed precision (autocast regions and gradient scaling).
export {
  Autocast,
  type AutocastDevice,
  type AutocastOptions,
  autocast,
} from "./autocast_mode";
export { GradScaler, type GradScalerOptions, type GradScalerStateDict } from "./grad_scaler";
