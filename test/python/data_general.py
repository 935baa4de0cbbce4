# PyTorch/torchvision side of test/data_general.test.ts and test/data_transforms.test.ts:
# torch.utils.data (random_split, samplers, default_collate, DataLoader) and torchvision 0.14's
# transforms on the same inputs and seeds.
import numpy as np
import torch
from torch.utils.data import (BatchSampler, DataLoader, RandomSampler, SequentialSampler, SubsetRandomSampler,
                              TensorDataset, default_collate, random_split)


def _gen(seed):
    if seed is None:
        return None
    g = torch.Generator()
    g.manual_seed(seed)
    return g


def random_split_indices(n, lengths, seed=None, global_seed=None):
    """random_split(range(n), lengths, generator seeded `seed`), or with the global generator after manual_seed."""
    if global_seed is not None:
        torch.manual_seed(global_seed)
        parts = random_split(range(n), lengths)
    else:
        parts = random_split(range(n), lengths, generator=_gen(seed))
    return [list(p.indices) for p in parts]


def random_sampler(n, replacement=False, num_samples=None, seed=None, global_seed=None, epochs=1):
    """list(RandomSampler(range(n), ...)) for `epochs` epochs; global_seed: torch.manual_seed first, no generator."""
    if global_seed is not None:
        torch.manual_seed(global_seed)
    s = RandomSampler(range(n), replacement=replacement, num_samples=num_samples, generator=_gen(seed))
    return [list(s) for _ in range(epochs)]


def subset_random_sampler(indices, seed=None, global_seed=None):
    if global_seed is not None:
        torch.manual_seed(global_seed)
    return list(SubsetRandomSampler(indices, generator=_gen(seed)))


def batch_sampler(n, batch_size, drop_last, seed):
    """BatchSampler over a seeded RandomSampler and over a SequentialSampler."""
    r = BatchSampler(RandomSampler(range(n), generator=_gen(seed)), batch_size, drop_last)
    s = BatchSampler(SequentialSampler(range(n)), batch_size, drop_last)
    return {"random": list(r), "sequential": list(s), "len": len(r)}


def _describe(v):
    """A collated value with tensors and their dtypes kept, tuples as lists."""
    if isinstance(v, torch.Tensor):
        return {"tensor": v, "dtype": str(v.dtype).replace("torch.", "")}
    if isinstance(v, dict):
        return {"dict": {k: _describe(x) for k, x in v.items()}}
    if isinstance(v, (list, tuple)):
        return {"list": [_describe(x) for x in v]}
    return {"value": v}


def collate_cases(batches):
    """default_collate of each batch; JS sends lists, so tuple samples are rebuilt where marked."""
    out = []
    for b in batches:
        out.append(_describe(default_collate(b)))
    return out


def collate_float_int():
    """The number rules: ints -> int64, floats -> float64, ints then a float -> default dtype, bools -> bool."""
    return [_describe(default_collate(b)) for b in ([1, 2, 3], [1.5, 2.0], [1, 2.5], [True, False])]


def tensor_loader(x, y, batch_size, shuffle, drop_last=False, seed=None, global_seed=None, epochs=1):
    """Batches of DataLoader(TensorDataset(x, y), ...) with a seeded generator or after manual_seed."""
    if global_seed is not None:
        torch.manual_seed(global_seed)
    dl = DataLoader(TensorDataset(x, y), batch_size=batch_size, shuffle=shuffle, drop_last=drop_last,
                    generator=_gen(seed))
    out = [[bx, by] for _ in range(epochs) for bx, by in dl]
    return {"batches": out, "after": torch.rand(3)}


class _RandDataset(torch.utils.data.Dataset):
    """Sample i is (i, torch.rand(2)): what a random transform draws, from the generator it runs under."""

    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        return i, torch.rand(2)


def _init(worker_id):
    torch.rand(worker_id + 1)  # advances this worker's generator: runs after its seeding, before its samples


def worker_batches(n, batch_size, num_workers, global_seed, shuffle=True, init=False):
    """DataLoader(_RandDataset(n), num_workers=...) after manual_seed: indices and each sample's draws."""
    torch.manual_seed(global_seed)
    dl = DataLoader(_RandDataset(n), batch_size=batch_size, shuffle=shuffle, num_workers=num_workers,
                    worker_init_fn=_init if init else None)
    out = [[i, r] for i, r in dl]
    return {"batches": out, "after": torch.rand(3)}


# ---- torchvision transforms

def _tv():
    import torchvision.transforms as T
    import torchvision.transforms.functional as F
    return T, F


def _pil(hwc):
    """A PIL image of a uint8 HWC tensor: RGB, or "L" for one channel."""
    from PIL import Image
    a = hwc.numpy()
    return Image.fromarray(a[:, :, 0] if a.ndim == 3 and a.shape[2] == 1 else a)


def _hwc(r):
    """A PIL result back as a uint8 HWC tensor ("L" as one channel)."""
    a = np.asarray(r).copy()
    return torch.from_numpy(a[:, :, None] if a.ndim == 2 else a)


def _build(spec):
    """A torchvision transform from [name, args, kwargs]."""
    T, F = _tv()
    name, args, kwargs = spec
    if name == "Resize" and "interpolation" in kwargs:
        kwargs = dict(kwargs, interpolation=T.InterpolationMode(kwargs["interpolation"]))
    if name == "Normalize":
        args = [tuple(a) if isinstance(a, list) else a for a in args]
    return getattr(T, name)(*args, **kwargs)


def transform(spec, img, seed=None, times=1, pil=False, chw=False):
    """The transform applied `times` times after manual_seed(seed) to img: a tensor, or (pil) a PIL image of
    the uint8 HWC img whose result comes back as HWC uint8; chw: the uint8 HWC img as a CHW tensor (result
    back to HWC)."""
    t = _build(spec)
    if seed is not None:
        torch.manual_seed(seed)
    outs = []
    for _ in range(times):
        if pil:
            r = t(_pil(img))
            outs.append(_hwc(r) if not isinstance(r, torch.Tensor) else r)
        elif chw:
            outs.append(t(img.permute(2, 0, 1)).permute(1, 2, 0).contiguous())
        else:
            outs.append(t(img))
    return outs


def compose_loader(imgs, labels, specs, seed, batch_size, shuffle, num_workers=0):
    """DataLoader over PIL images of imgs (N, H, W, C uint8) with Compose(specs), after manual_seed(seed)."""
    T, _ = _tv()
    tf = T.Compose([_build(s) for s in specs])

    class DS(torch.utils.data.Dataset):
        def __len__(self):
            return imgs.shape[0]

        def __getitem__(self, i):
            return tf(_pil(imgs[i])), int(labels[i])

    torch.manual_seed(seed)
    dl = DataLoader(DS(), batch_size=batch_size, shuffle=shuffle, num_workers=num_workers)
    return [[x, y] for x, y in dl]


def image_folder_first_batch(root, seed, batch_size=64):
    """The seed's pipeline: ImageFolder + ToTensor + Normalize((0.5,)*3, (0.5,)*3), DataLoader(shuffle=True) after
    torch.manual_seed(seed); its first batch."""
    import torchvision
    T, _ = _tv()
    tf = T.Compose([T.ToTensor(), T.Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5))])
    ds = torchvision.datasets.ImageFolder(root, transform=tf)
    torch.manual_seed(seed)
    x, y = next(iter(DataLoader(ds, batch_size=batch_size, shuffle=True)))
    return [x, y]


def image_folder_augmented_batch(root, seed, batch_size=64):
    """ImageFolder + RandomCrop(32, padding=4) + RandomHorizontalFlip + ToTensor + Normalize, first batch after
    torch.manual_seed(seed)."""
    import torchvision
    T, _ = _tv()
    tf = T.Compose([T.RandomCrop(32, padding=4), T.RandomHorizontalFlip(), T.ToTensor(),
                    T.Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5))])
    ds = torchvision.datasets.ImageFolder(root, transform=tf)
    torch.manual_seed(seed)
    x, y = next(iter(DataLoader(ds, batch_size=batch_size, shuffle=True)))
    return [x, y]
