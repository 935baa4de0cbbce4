// torch.autograd.graph: the nodes of the autograd graph (a tensor's grad_fn), walked with nextFunctions,
// named with name(), with hooks that see and may replace the gradients a node computes. One JS object
// per live node (by the node's address), as Python keeps one per node: `y.gradFn === y.gradFn`.
import { type GraphNode, type Handle, native } from "./native";
import { forgetHook, storedHook, storeHook, Tensor } from "./tensor";
import { pyTypename } from "./utils/pyrepr";

/**
 * A Node hook: gets the node's gradInputs (the gradients it computed, one per next function) and
 * gradOutputs (those it received); may return replacements for gradInputs (null for none).
 */
// biome-ignore lint/suspicious/noConfusingVoidType: a hook that only reads the gradients returns nothing.
export type NodeHook = (gradInputs: Array<Tensor | null>, gradOutputs: Array<Tensor | null>) => unknown[] | void;

const live = new Map<number, WeakRef<Node>>();
const gone = new FinalizationRegistry<number>((address) => {
  const ref = live.get(address);
  if (ref !== undefined && ref.deref() === undefined) live.delete(address);
});
// Nodes whose metadata was written stay (with their native node) as long as the process: Python keeps
// metadata on the node itself, which torchts cannot reach.
const pinned = new Set<Node>();

/** torch.autograd.graph.Node: one node of the autograd graph, such as `loss.gradFn`. */
export class Node {
  /** @internal */ readonly ref: GraphNode;
  /** @internal */ readonly address: number;
  private meta: Record<string, unknown> | null = null;
  /** @internal Use {@link Tensor.gradFn} or {@link Node.nextFunctions}. */
  constructor(ref: GraphNode, address: number) {
    this.ref = ref;
    this.address = address;
  }
  /** The node's name, as libtorch gives it ("MulBackward0", "torch::autograd::AccumulateGrad"). */
  name(): string {
    return native.nodeName(this.ref);
  }
  /** Per input of the forward operation: the node its gradient goes to (null: none) and that node's input number. */
  get nextFunctions(): Array<[Node | null, number]> {
    return native.nodeNextFunctions(this.ref).map(([n, nr]) => [nodeOf(n), nr]);
  }
  /** A dictionary kept with the node (PyTorch's Node.metadata). */
  get metadata(): Record<string, unknown> {
    if (this.meta === null) {
      this.meta = {};
      pinned.add(this);
    }
    return this.meta;
  }
  /** For an AccumulateGrad node: the leaf tensor whose .grad it accumulates into. */
  get variable(): Tensor {
    const h = native.nodeVariable(this.ref);
    if (h === undefined) throw new Error(`'${this.typeName()}' object has no attribute 'variable'`);
    return new Tensor(h);
  }
  /**
   * Registers a hook that runs after this node computes its gradients during backward:
   * `hook(gradInputs, gradOutputs)`, which may return new gradInputs. Returns a handle to remove it.
   */
  registerHook(hook: NodeHook): { remove(): void } {
    if (typeof hook !== "function") throw new TypeError(`hook must be callable, got ${pyTypename(hook)}`);
    ensureDispatcher();
    const id = storeHook(hook as (...args: never[]) => unknown);
    const key = native.nodeRegisterHook(this.ref, id, hook.name || "<lambda>");
    return {
      remove: () => {
        if (forgetHook(id)) native.nodeRemoveHook(this.ref, key);
      },
    };
  }
  // Python's type(node).__name__: the name without libtorch's namespace.
  private typeName(): string {
    return this.name().replace(/^torch::autograd::/, "");
  }
  /** `<MulBackward0 object at 0x...>`, as Python prints a node. */
  toString(): string {
    return `<${this.typeName()} object at 0x${this.address.toString(16)}>`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/** @internal The JS object of a native node (the same one while it lives), or null. */
export function nodeOf(n: [GraphNode, number] | null): Node | null {
  if (n === null) return null;
  const [ref, address] = n;
  const known = live.get(address)?.deref();
  if (known !== undefined) return known;
  const node = new Node(ref, address);
  live.set(address, new WeakRef(node));
  gone.register(node, address);
  return node;
}

let dispatcherSet = false;
function ensureDispatcher(): void {
  if (dispatcherSet) return;
  native.setNodeHookDispatcher((id, gradInputs, gradOutputs) => {
    const hook = storedHook(id) as NodeHook | undefined;
    if (!hook) return null;
    const wrap = (hs: Array<Handle | null>) => hs.map((h) => (h === null ? null : new Tensor(h)));
    const inputs = wrap(gradInputs);
    const r = hook(inputs, wrap(gradOutputs));
    if (r === undefined || r === null) return null;
    return checkHookResult(hook, inputs, r);
  });
  dispatcherSet = true;
}

// THPUtils_typename: Python's type(v).__name__.
const typeName = (v: unknown) => (v instanceof Tensor ? "Tensor" : pyTypename(v));

// python_hook.cpp's check_result / check_single_result, in their words (the dtype, device and shape
// checks are libtorch's check_variable_result, run natively).
function checkHookResult(hook: NodeHook, before: Array<Tensor | null>, r: unknown): Array<Handle | null> {
  if (!Array.isArray(r)) throw new TypeError(`expected tuple, but hook returned '${typeName(r)}'`);
  if (r.length !== before.length) {
    throw new Error(
      `hook '${hook.name || "<lambda>"}' has returned an incorrect number of values (got ${r.length}, but expected ${before.length})`,
    );
  }
  return r.map((g, i) => {
    if (g === null || g === undefined) return null;
    if (before[i] === null) throw new Error("can't replace a None gradient with a non-None value");
    if (!(g instanceof Tensor)) throw new TypeError(`expected Variable, but hook returned '${typeName(g)}'`);
    return g.handle;
  });
}
