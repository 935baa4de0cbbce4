# torchvision 0.14 side of the added transforms in test/data_transforms.test.ts (RandomResizedCrop,
# RandomVerticalFlip, Pad, Grayscale, RandomGrayscale, ColorJitter, RandomRotation, RandomErasing,
# GaussianBlur, ConvertImageDtype, RandomApply and their functional forms): the same inputs, the same
# torch.manual_seed, the tensor path (a uint8 HWC image as its CHW view) or, where torchvision's PIL
# path gives the same pixels, a PIL image.
import numpy as np
import torch


def _tv():
    import torchvision.transforms as T
    import torchvision.transforms.functional as F
    return T, F


def _kwargs(kwargs):
    T, _ = _tv()
    kw = dict(kwargs)
    if "interpolation" in kw:
        kw["interpolation"] = T.InterpolationMode(kw["interpolation"])
    return kw


def build(spec):
    """A torchvision transform from [name, args, kwargs]; RandomApply's first argument is a list of specs and
    ConvertImageDtype's a dtype name."""
    T, _ = _tv()
    name, args, kwargs = spec
    args = list(args)
    if name == "RandomApply":
        args[0] = [build(s) for s in args[0]]
    if name == "ConvertImageDtype":
        args[0] = getattr(torch, args[0])
    return getattr(T, name)(*args, **_kwargs(kwargs))


def construct(spec):
    """Only builds the transform: its constructor's errors."""
    build(spec)
    return None


def _pil(hwc):
    from PIL import Image
    return Image.fromarray(hwc.numpy())


def _run(f, img, pil, chw):
    if pil:
        r = f(_pil(img))
        return torch.from_numpy(np.asarray(r).copy()) if not isinstance(r, torch.Tensor) else r
    if chw:
        return f(img.permute(2, 0, 1)).permute(1, 2, 0).contiguous()
    return f(img)


def transform(spec, img, seed=None, times=1, pil=False, chw=False):
    """The transform applied `times` times after manual_seed(seed); pil: to a PIL image of the uint8 HWC img
    (result back as an HWC tensor); chw: to the HWC img's CHW view (result back to HWC). Also returns the
    next torch.rand(2), which shows the generator was advanced as much as torchvision advances it."""
    t = build(spec)
    if seed is not None:
        torch.manual_seed(seed)
    outs = [_run(t, img, pil, chw) for _ in range(times)]
    return {"outs": outs, "after": torch.rand(2)}


def functional(name, img, args=(), kwargs=None, pil=False, chw=False):
    """torchvision.transforms.functional.<name>(img, *args, **kwargs); a dtype name argument as the dtype."""
    _, F = _tv()
    kw = _kwargs(kwargs or {})
    if name == "convert_image_dtype":
        args = [getattr(torch, args[0])]
    return _run(lambda x: getattr(F, name)(x, *args, **kw), img, pil, chw)


def resized_crop_params(img, scale, ratio, seed, times):
    """RandomResizedCrop.get_params `times` times after manual_seed(seed)."""
    T, _ = _tv()
    torch.manual_seed(seed)
    return [list(T.RandomResizedCrop.get_params(img, scale, ratio)) for _ in range(times)]


def reprs(specs):
    return [repr(build(s)) for s in specs]


def loader(imgs, specs, seed, batch_size):
    """DataLoader(shuffle=True) over PIL images of the uint8 HWC images through Compose(specs), after
    manual_seed(seed); the image batches."""
    T, _ = _tv()
    tf = T.Compose([build(s) for s in specs])

    class DS(torch.utils.data.Dataset):
        def __len__(self):
            return imgs.shape[0]

        def __getitem__(self, i):
            return tf(_pil(imgs[i])), 0

    torch.manual_seed(seed)
    return [x for x, _ in torch.utils.data.DataLoader(DS(), batch_size=batch_size, shuffle=True)]
