// The factories and joins of lib/creation.ts with Python's out= keyword (torch.zeros(2, 3, { out }),
// torch.cat(xs, { out })): a call carrying `out` runs the operator's out overload (lib/aten.ts withOut).
import { withOut } from "./aten";
import * as c from "./creation";

export const cat = withOut("cat", "cat", c.cat);
export const stack = withOut("stack", "stack", c.stack);
export const hstack = withOut("hstack", "hstack", c.hstack);
export const vstack = withOut("vstack", "vstack", c.vstack);
export const dstack = withOut("dstack", "dstack", c.dstack);
export const zeros = withOut("zeros", "zeros", c.zeros, true);
export const ones = withOut("ones", "ones", c.ones, true);
export const empty = withOut("empty", "empty", c.empty, true);
export const eye = withOut("eye", "eye", c.eye, true);
export const linspace = withOut("linspace", "linspace", c.linspace, true);
export const logspace = withOut("logspace", "logspace", c.logspace, true);
export const rand = withOut("rand", "rand", c.rand, true);
export const randn = withOut("randn", "randn", c.randn, true);
export const arange = withOut("arange", "arange", c.arange, true);
