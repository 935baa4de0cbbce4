export { clipGradNorm_, clipGradValue_ } from "./clip_grad";
