# PyTorch side of test/distributed_sampler.test.ts: DistributedSampler's indices.
from torch.utils.data.distributed import DistributedSampler


def indices(cases):
    out = []
    for n, replicas, rank, shuffle, seed, drop_last, epoch in cases:
        s = DistributedSampler(range(n), num_replicas=replicas, rank=rank, shuffle=shuffle, seed=seed,
                               drop_last=drop_last)
        s.set_epoch(epoch)
        out.append(list(s))
    return out
