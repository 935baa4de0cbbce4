# PyTorch side of test/image_decode.test.ts: what torchvision's ImageFolder decodes (PIL, RGB).
import hashlib
import os

import numpy as np
from PIL import Image


def pil_digests(root):
    """sha256 (16 hex digits) of each image's RGB bytes, in ImageFolder's order (classes, then files, sorted)."""
    out = []
    for c in sorted(os.listdir(root)):
        for f in sorted(os.listdir(os.path.join(root, c))):
            with Image.open(os.path.join(root, c, f)) as im:
                rgb = np.asarray(im.convert("RGB"), dtype=np.uint8)
            out.append(hashlib.sha256(rgb.tobytes()).hexdigest()[:16])
    return out
