// Call orders that used to leave torchts in a wrong state (issue 13).
import { describe, expect, it } from "vitest";
import * as torch from "../lib";

describe("grad mode with async code", () => {
  it("noGrad/enableGrad refuse an async callback and leave grad mode as it was", async () => {
    expect(torch.isGradEnabled()).toBe(true);
    const slow = async () => {
      await new Promise((r) => setTimeout(r, 5));
      return 1;
    };
    expect(() => torch.noGrad(slow)).toThrow(TypeError);
    expect(() => torch.noGrad(slow)).toThrow(/synchronous function/);
    expect(torch.isGradEnabled()).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    expect(torch.isGradEnabled()).toBe(true);
    const x = torch.ones([2]).requiresGrad_(true);
    const y = x.mul(3).sum();
    y.backward();
    expect(x.grad!.tolist()).toEqual([3, 3]);
    torch.setGradEnabled(false);
    expect(() => torch.enableGrad(slow)).toThrow(TypeError);
    expect(torch.isGradEnabled()).toBe(false);
    torch.setGradEnabled(true);
  });
});
