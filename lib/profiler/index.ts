// torch.profiler's names (torch.autograd.profiler is lib/profiler/autograd_profiler.ts).
export { RecordFunction, recordFunction } from "./autograd_profiler";
export { EventList, FunctionEvent, FunctionEventAvg, type TableOptions } from "./events";
export {
  Profile,
  ProfilerAction,
  ProfilerActivity,
  type ProfilerOptions,
  profile,
  type ScheduleOptions,
  schedule,
  supportedActivities,
  tensorboardTraceHandler,
} from "./profiler";
