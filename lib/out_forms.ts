// The factories and joins of lib/creation.ts with Python's out= keyword (torch.zeros(2, 3, { out }),
// torch.cat(xs, { out })): a call carrying `out` runs the operator's out overload (lib/aten.ts withOut).
import { withOut } from "./aten";
import * as c from "./creation";

/** torch.cat, also with `out=` (the operator's out overload). */
export const cat = withOut("cat", "cat", c.cat);
/** torch.stack, also with `out=` (the operator's out overload). */
export const stack = withOut("stack", "stack", c.stack);
/** torch.hstack, also with `out=` (the operator's out overload). */
export const hstack = withOut("hstack", "hstack", c.hstack);
/** torch.vstack, also with `out=` (the operator's out overload). */
export const vstack = withOut("vstack", "vstack", c.vstack);
/** torch.dstack, also with `out=` (the operator's out overload). */
export const dstack = withOut("dstack", "dstack", c.dstack);
/** torch.zeros, also with `out=` (the operator's out overload). */
export const zeros = withOut("zeros", "zeros", c.zeros, true);
/** torch.ones, also with `out=` (the operator's out overload). */
export const ones = withOut("ones", "ones", c.ones, true);
/** torch.empty, also with `out=` (the operator's out overload). */
export const empty = withOut("empty", "empty", c.empty, true);
/** torch.eye, also with `out=` (the operator's out overload). */
export const eye = withOut("eye", "eye", c.eye, true);
/** torch.linspace, also with `out=` (the operator's out overload). */
export const linspace = withOut("linspace", "linspace", c.linspace, true);
/** torch.logspace, also with `out=` (the operator's out overload). */
export const logspace = withOut("logspace", "logspace", c.logspace, true);
/** torch.rand, also with `out=` (the operator's out overload). */
export const rand = withOut("rand", "rand", c.rand, true);
/** torch.randn, also with `out=` (the operator's out overload). */
export const randn = withOut("randn", "randn", c.randn, true);
/** torch.arange, also with `out=` (the operator's out overload). */
export const arange = withOut("arange", "arange", c.arange, true);
