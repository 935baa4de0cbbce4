# torchvision 0.14 side of test/data_augment.test.ts: RandomAffine, RandomPerspective, FiveCrop/TenCrop,
# LinearTransformation, ElasticTransform, the Random* colour operations and the autoaugment policies, on
# the same tensors after the same torch.manual_seed (torchvision's tensor path).
import torch

from transforms_extra import _kwargs, _run


def _tv():
    import torchvision.transforms as T
    import torchvision.transforms.functional as F
    return T, F


def build(spec):
    """A torchvision transform from [name, args, kwargs]; AutoAugment's policy by its value."""
    T, _ = _tv()
    name, args, kwargs = spec
    kw = _kwargs(kwargs)
    if "policy" in kw:
        kw["policy"] = T.AutoAugmentPolicy(kw["policy"])
    return getattr(T, name)(*args, **kw)


def transform(spec, img, seed=0, times=1, chw=False):
    """The transform `times` times after manual_seed(seed) (chw: on the HWC img's CHW view), and the
    generator's next torch.rand(2)."""
    t = build(spec)
    torch.manual_seed(seed)
    outs = [_run(t, img, False, chw) for _ in range(times)]
    return {"outs": outs, "after": torch.rand(2)}


def functional(name, img, args=(), kwargs=None, chw=False):
    _, F = _tv()
    kw = _kwargs(kwargs or {})
    return _run(lambda x: getattr(F, name)(x, *args, **kw), img, False, chw)


def crops(name, img, args):
    """five_crop / ten_crop: the list of crops."""
    _, F = _tv()
    return list(getattr(F, name)(img, *args))


def params(name, args, seed, times):
    """<name>.get_params(*args) `times` times after manual_seed(seed)."""
    T, _ = _tv()
    torch.manual_seed(seed)
    return [getattr(T, name).get_params(*args) for _ in range(times)]


def linear(matrix, mean, img):
    T, _ = _tv()
    t = T.LinearTransformation(matrix, mean)
    return {"out": t(img), "repr": repr(t)}


def reprs(specs):
    return [repr(build(s)) for s in specs]
