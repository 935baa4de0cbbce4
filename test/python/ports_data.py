"""Data and checks for test/ports.test.ts (and for the longer runs in examples/ports/README.md).

  ports_data.py mnist SRC OUT [--seed S]
      An MNIST-shaped stand-in built from CIFAR-10 JPEGs (SRC/train/<class>/*.jpg, SRC/test/<class>/*.jpg):
      each image to grayscale (PIL's "L") and 28x28 (PIL's bilinear resize), the order shuffled with a seeded
      generator (MNIST's files are not sorted by class), written in MNIST's idx format to
      OUT/MNIST/raw/{train,t10k}-{images-idx3,labels-idx1}-ubyte, where torchvision.datasets.MNIST looks.
  ports_data.py compare A B [--key K]
      Two torch.save files (state dicts, or dicts holding one under K): prints JSON with this torch's version,
      the keys, whether every tensor is bit-equal, and the largest absolute difference.
"""
import argparse
import json
import os
import random
import struct
import sys


def mnist(src, out, seed):
    from PIL import Image
    raw = os.path.join(out, 'MNIST', 'raw')
    os.makedirs(raw, exist_ok=True)
    for split, prefix in (('train', 'train'), ('test', 't10k')):
        root = os.path.join(src, split)
        classes = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))
        samples = [(os.path.join(root, c, f), i) for i, c in enumerate(classes)
                   for f in sorted(os.listdir(os.path.join(root, c))) if f.endswith('.jpg')]
        random.Random(seed).shuffle(samples)
        pixels = bytearray()
        for f, _ in samples:
            with Image.open(f) as im:
                pixels += im.convert('L').resize((28, 28), Image.BILINEAR).tobytes()
        with open(os.path.join(raw, f'{prefix}-images-idx3-ubyte'), 'wb') as fh:
            fh.write(struct.pack('>IIII', 0x803, len(samples), 28, 28) + bytes(pixels))
        with open(os.path.join(raw, f'{prefix}-labels-idx1-ubyte'), 'wb') as fh:
            fh.write(struct.pack('>II', 0x801, len(samples)) + bytes(label for _, label in samples))
        print(f'{prefix}: {len(samples)} images', file=sys.stderr)


def compare(a, b, key):
    import torch
    sa, sb = torch.load(a), torch.load(b)
    if key:
        sa, sb = sa[key], sb[key]
    same = list(sa) == list(sb)
    diffs = [(sa[k].double() - sb[k].double()).abs().max().item() if sa[k].numel() else 0.0
             for k in sa if k in sb]
    print(json.dumps({
        'torch': torch.__version__, 'keys': list(sa), 'sameKeys': same,
        'equal': same and all(torch.equal(sa[k], sb[k]) for k in sa),
        'maxAbsDiff': max(diffs) if diffs else 0.0,
    }))


if __name__ == '__main__':
    p = argparse.ArgumentParser()
    p.add_argument('cmd', choices=['mnist', 'compare'])
    p.add_argument('a')
    p.add_argument('b')
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--key')
    args = p.parse_args()
    if args.cmd == 'mnist':
        mnist(args.a, args.b, args.seed)
    else:
        compare(args.a, args.b, args.key)
