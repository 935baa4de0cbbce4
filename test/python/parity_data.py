# PyTorch side of test/data.test.ts: CIFAR-10 records, PIL decoding, torchvision-style transforms and
# DataLoader shuffling.
import numpy as np
import torch


def cifar_train(root):
    """The five CIFAR-10 binary train batches under root: images (N, 32, 32, 3) uint8 and int64 labels."""
    files = [f"{root}/cifar-10-batches-bin/data_batch_{i}.bin" for i in range(1, 6)]
    raw = np.concatenate([np.fromfile(f, dtype=np.uint8).reshape(-1, 3073) for f in files])
    return [torch.from_numpy(raw[:, 1:].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1).copy()),
            torch.from_numpy(raw[:, 0].astype(np.int64))]


def pil_rgb(f):
    """The image file f decoded by PIL as RGB, (H, W, 3) uint8."""
    from PIL import Image  # only this check needs PIL
    return torch.from_numpy(np.asarray(Image.open(f).convert('RGB')).copy())


def to_tensor_normalize(imgs):
    """ToTensor then Normalize(mean=(0.5, 0.4, 0.3), std=(0.2, 0.25, 0.5)) on a (N, H, W, 3) uint8 batch."""
    x = imgs.permute(0, 3, 1, 2).contiguous().to(torch.float32).div(255)
    m = torch.tensor([0.5, 0.4, 0.3]).view(1, -1, 1, 1)
    s = torch.tensor([0.2, 0.25, 0.5]).view(1, -1, 1, 1)
    return x.sub_(m).div_(s)


def shuffled_batches():
    """Batches of arange(23) from DataLoader(batch_size=5, shuffle=True, generator seeded 11), 3 epochs."""
    g = torch.Generator()
    g.manual_seed(11)
    dl = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.arange(23)), batch_size=5, shuffle=True,
                                     generator=g)
    return [b[0].tolist() for e in range(3) for b in dl]
