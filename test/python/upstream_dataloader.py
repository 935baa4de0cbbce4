# PyTorch side of test/upstream/test_dataloader.test.ts: the cases of PyTorch 1.13's
# test/test_dataloader.py run in live torch.utils.data on the same inputs and seeds; each returns what
# the JS side compares (batches, lengths, orders, seeds, error classes and messages).
from collections import namedtuple

import torch
from torch.utils.data import (BatchSampler, ChainDataset, ConcatDataset, DataLoader, Dataset, IterableDataset,
                              RandomSampler, SequentialSampler, SubsetRandomSampler, TensorDataset,
                              WeightedRandomSampler, get_worker_info, random_split)
from torch.utils.data._utils.collate import default_collate, default_convert
from torch.utils.data.distributed import DistributedSampler


def _gen(seed):
    return None if seed is None else torch.Generator().manual_seed(seed)


def _error(fn):
    """Runs fn; its exception as {type, message} (the whole message), or None when it raised nothing."""
    try:
        fn()
    except Exception as e:  # the class and message are what the JS side compares
        return {"type": type(e).__name__, "message": str(e)}
    return None


# ---- TestDatasetRandomSplit

def split_sizes(n, lengths, seed=None):
    return [len(s) for s in random_split(range(n), lengths, generator=_gen(seed))]


def split_values(data, lengths, seed=None, global_seed=None):
    """list(split) of each split of random_split(data, lengths); global_seed: torch.manual_seed, no generator."""
    if global_seed is not None:
        torch.manual_seed(global_seed)
        return [list(s) for s in random_split(data, lengths)]
    return [list(s) for s in random_split(data, lengths, generator=_gen(seed))]


def split_error(data, lengths):
    return _error(lambda: random_split(data, lengths))


def splits_generator(seed):
    """test_splits_generator: rand(10) with and without a random_split between, from the same state."""
    torch.manual_seed(seed)
    state = torch.get_rng_state()
    a = torch.rand(10)
    torch.set_rng_state(state)
    random_split(range(10), [5, 5])
    b = torch.rand(10)
    state = torch.get_rng_state()
    c = torch.rand(10)
    torch.set_rng_state(state)
    random_split(range(10), [5, 5], generator=torch.Generator().manual_seed(42))
    d = torch.rand(10)
    return [a, b, c, d]


def subset_items(data, global_seed):
    """test_slicing_of_subset_*: the indices of random_split(TensorDataset(data), [3, 2]) then of a split's split, and the items."""
    dataset = TensorDataset(data)
    torch.manual_seed(global_seed)
    subset1, _ = random_split(dataset, [3, 2])
    s11, _ = random_split(subset1, [2, 1])
    return {"indices": subset1.indices, "items": [subset1[i][0] for i in range(3)],
            "nested": s11.indices, "nested_items": [s11[i][0] for i in range(2)]}


# ---- TestTensorDataset

def tensor_dataset(shapes, seed):
    """Tensors of `shapes` (randn, or randperm for a shape [n, 'perm']), their dataset's len and samples."""
    torch.manual_seed(seed)
    ts = [torch.randperm(s[0]) if s[-1] == "perm" else torch.randn(*s) for s in shapes]
    source = TensorDataset(*ts)
    return {"tensors": ts, "len": len(source), "items": [list(source[i]) for i in range(len(source))]}


# ---- TestConcatDataset

def concat(datasets, indices):
    result = ConcatDataset(datasets)
    return {"len": len(result), "items": [result[i] for i in indices]}


def concat_error(datasets, index):
    return _error(lambda: ConcatDataset(datasets)[index])


def add_dataset(seed):
    torch.manual_seed(seed)
    ds = [TensorDataset(torch.rand(7, 3, 28, 28), torch.rand(7)) for _ in range(3)]
    result = ds[0] + ds[1] + ds[2]
    return {"tensors": [list(d.tensors) for d in ds], "len": len(result),
            "diffs": [(ds[k][0][0] - result[7 * k][0]).abs().sum() for k in range(3)]}


class CountingDataset(Dataset):
    def __init__(self, n):
        self.n = n

    def __getitem__(self, i):
        return i

    def __len__(self):
        return self.n


class CountingIterableDataset(IterableDataset):
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        return iter(range(self.n))

    def __len__(self):
        return self.n


def concat_iterable_error(order):
    """ConcatDataset of a TensorDataset ('d') and CountingIterableDatasets ('i' of 5, 'j' of 10) in `order`."""
    d1 = TensorDataset(torch.rand(7, 3), torch.rand(7))
    pick = {"d": d1, "i": CountingIterableDataset(5), "j": CountingIterableDataset(10)}
    return _error(lambda: ConcatDataset([pick[c] for c in order]))


# ---- TestDataLoader

def dl_data(seed):
    """TestDataLoader.setUp's data and labels after torch.manual_seed(seed)."""
    torch.manual_seed(seed)
    return [torch.randn(100, 2, 3, 5), torch.randperm(50).repeat(2)]


def _items(batch):
    return list(batch) if isinstance(batch, (list, tuple)) else batch


def loader(data, labels, seed=None, gen_seed=None, epochs=1, **kw):
    """list(DataLoader(TensorDataset(data, labels), **kw)) per epoch after manual_seed(seed); its len; rand(3) after."""
    if seed is not None:
        torch.manual_seed(seed)
    if "batch_sampler" in kw:
        kw["batch_sampler"] = [tuple(b) for b in kw["batch_sampler"]]
    dl = DataLoader(TensorDataset(data, labels), generator=_gen(gen_seed), **kw)
    out = [[_items(b) for b in dl] for _ in range(epochs)]
    return {"batches": out, "len": len(dl), "after": torch.rand(3)}


def multiple_dataloaders(data, labels):
    """test_multiple_dataloaders: two loaders' iterators advanced in turn (1 and 2 workers)."""
    ds = TensorDataset(data, labels)
    it1 = iter(DataLoader(ds, num_workers=1))
    it2 = iter(DataLoader(ds, num_workers=2))
    return [list(next(it)) for it in (it1, it1, it2, it2, it1, it2)]


def ctor_error(case):
    """test_invalid_ctor_args_combinations: the error of one named combination."""
    ds = TensorDataset(torch.zeros(10, 2), torch.zeros(10))
    sampler = SequentialSampler(ds)
    bs = BatchSampler(sampler, 3, False)
    it = CountingIterableDataset(20)
    cases = {
        "num_workers=-1": lambda: DataLoader(ds, num_workers=-1),
        "timeout=-1": lambda: DataLoader(ds, timeout=-1),
        "batch_size=None, drop_last": lambda: DataLoader(ds, batch_size=None, drop_last=True),
        "batch_size=11, sampler, shuffle": lambda: DataLoader(ds, batch_size=11, sampler=sampler, shuffle=True),
        "batch_sampler, sampler, shuffle": lambda: DataLoader(ds, batch_sampler=bs, sampler=sampler, shuffle=True),
        "batch_sampler, sampler, shuffle=3": lambda: DataLoader(ds, batch_sampler=bs, sampler=sampler, shuffle=3),
        "batch_size=11, batch_sampler": lambda: DataLoader(ds, batch_size=11, batch_sampler=bs),
        "shuffle, batch_sampler": lambda: DataLoader(ds, shuffle=True, batch_sampler=bs),
        "drop_last, batch_sampler": lambda: DataLoader(ds, drop_last=True, batch_sampler=bs),
        "drop_last=3, batch_sampler": lambda: DataLoader(ds, drop_last=3, batch_sampler=bs),
        "iterable, shuffle": lambda: DataLoader(it, shuffle=True),
        "iterable, shuffle=3": lambda: DataLoader(it, shuffle=3),
        "iterable, sampler": lambda: DataLoader(it, sampler=SequentialSampler(it)),
        "iterable, sampler=3": lambda: DataLoader(it, sampler=3),
        "iterable, batch_sampler": lambda: DataLoader(it, batch_sampler=BatchSampler(SequentialSampler(it), 3, False)),
        "iterable, batch_sampler=3": lambda: DataLoader(it, batch_sampler=3),
    }
    return _error(cases[case])


def assign_error(attr):
    """test_invalid_assign_after_init: setattr(loader, attr, {})."""
    dl = DataLoader(TensorDataset(torch.zeros(4)))
    return _error(lambda: setattr(dl, attr, {}))


def collection_conversion(num_workers):
    """test_builtin_collection_conversion: list(loader) of Counting(Iterable)Dataset(20), unbatched and by 2."""
    out = {}
    for name, ds in (("map", CountingDataset(20)), ("iterable", CountingIterableDataset(20))):
        out[name + "_none"] = list(DataLoader(ds, batch_size=None, num_workers=num_workers))
        out[name + "_2"] = list(DataLoader(ds, batch_size=2, num_workers=num_workers))
    return out


def iterable_loader(n, batch_size=1, drop_last=False):
    dl = DataLoader(CountingIterableDataset(n), batch_size=batch_size, drop_last=drop_last)
    fetched = list(dl)
    return {"batches": fetched, "len": len(dl), "types": [type(x).__name__ for x in fetched]}


def chain_loader(kind, num_workers):
    """test_chain_iterable_style_dataset: list(loader) of Counting(20) chained with Counting(15)."""
    d1, d2 = CountingIterableDataset(20), CountingIterableDataset(15)
    chained = d1 + d2 if kind == "add" else ChainDataset([d1, d2])
    return {"batches": list(DataLoader(chained, num_workers=num_workers)), "len": len(chained)}


def chain_error(kind):
    d1 = CountingIterableDataset(20)
    ds = TensorDataset(torch.zeros(3))
    chained = d1 + ds if kind == "add" else ChainDataset([d1, ds])
    return _error(lambda: list(iter(chained)))


def iterabledataset_len(batch_size, drop_last):
    class _Iterable(IterableDataset):
        def __len__(self):
            return 10

        def __iter__(self):
            return iter(range(10))

    return len(DataLoader(_Iterable(), batch_size=batch_size, drop_last=drop_last))


class _ErrorDataset(Dataset):
    def __init__(self, size):
        self.size = size

    def __len__(self):
        return self.size


def error_count(n, batch_size, shuffle, num_workers):
    """_test_error: the errors each next() raises until the loader ends, counted by class."""
    it = iter(DataLoader(_ErrorDataset(n), batch_size=batch_size, shuffle=shuffle, num_workers=num_workers))
    errors = {}
    while True:
        try:
            next(it)
        except StopIteration:
            return errors
        except Exception as e:
            errors[type(e).__name__] = errors.get(type(e).__name__, 0) + 1


class _ErrorIterableDataset(IterableDataset):
    def __iter__(self):
        raise RuntimeError("Error in __iter__")


def _error_worker_init_fn(_):
    raise RuntimeError("Error in worker_init_fn")


def error_in_init(kind, num_workers):
    if kind == "iter":
        dl = DataLoader(_ErrorIterableDataset(), num_workers=num_workers)
    else:
        dl = DataLoader(TensorDataset(torch.zeros(4)), num_workers=num_workers, worker_init_fn=_error_worker_init_fn)
    holder = []

    def run():
        holder.append(iter(dl))
        list(holder[0])

    err = _error(run)
    if holder and hasattr(holder[0], "_shutdown_workers"):
        holder[0]._shutdown_workers()  # now: left to the garbage collector, the failed workers' shutdown waits 10 s
    return err


class _SeedDataset(Dataset):
    def __init__(self, size):
        self.size = size

    def __getitem__(self, idx):
        return torch.initial_seed()

    def __len__(self):
        return self.size


def worker_seeds(n, batch_size, num_workers, global_seed=None, gen_seed=None):
    """Each batch's torch.initial_seed() in its worker (as decimal strings: 64-bit integers)."""
    if global_seed is not None:
        torch.manual_seed(global_seed)
    dl = DataLoader(_SeedDataset(n), batch_size=batch_size, num_workers=num_workers, generator=_gen(gen_seed),
                    collate_fn=lambda b: b)
    return [[str(s) for s in b] for b in dl]


def _init_fn(worker_id):
    torch.manual_seed(12345)


def worker_init_fn_batches():
    """test_worker_init_fn: SeedDataset(4) with a worker_init_fn that seeds 12345."""
    return list(DataLoader(_SeedDataset(4), batch_size=2, num_workers=2, worker_init_fn=_init_fn))


class _InfoDataset(Dataset):
    def __len__(self):
        return 6

    def __getitem__(self, i):
        return self.value


def _info_init(worker_id):
    info = get_worker_info()
    errors = []
    for attr in ("id", "a"):
        try:
            setattr(info, attr, 3999)
        except RuntimeError as e:
            errors.append(str(e))
    info.dataset.value = {
        "worker_id": worker_id, "id": info.id, "num_workers": info.num_workers,
        "seed_is_initial_seed": info.seed == torch.initial_seed(),
        "dataset_class": type(info.dataset).__name__,
        "repr_keys": [k for k in ("id", "num_workers", "seed", "dataset") if f"{k}=" in repr(info)],
        "errors": errors,
    }


def get_worker_info_case(global_seed):
    """_test_get_worker_info: what a worker_init_fn sees of get_worker_info(), batch by batch."""
    torch.manual_seed(global_seed)
    before = get_worker_info() is None
    dl = DataLoader(_InfoDataset(), batch_size=2, num_workers=2, worker_init_fn=_info_init, collate_fn=lambda b: b[0])
    batches = list(dl)
    return {"before": before, "batches": batches, "after": get_worker_info() is None}


def random_sampler_lists(n, cases, seed):
    """list(RandomSampler(range(n), **case)) for each case, each after torch.manual_seed(seed)."""
    out = []
    for case in cases:
        torch.manual_seed(seed)
        out.append(list(RandomSampler(range(n), **case)))
    return out


def random_sampler_error(n, replacement):
    return _error(lambda: RandomSampler(range(n), replacement=replacement))


def random_sampler_len(data, labels, replacement, extra):
    ds = TensorDataset(data, labels)
    num_samples = len(ds) + extra
    sampler = RandomSampler(ds, replacement=replacement, num_samples=num_samples)
    return {"len": len(sampler), "count": sum(1 for _ in sampler),
            "dl1": len(DataLoader(ds, batch_size=1, sampler=sampler)),
            "dl6": len(DataLoader(ds, batch_size=6, sampler=sampler))}


def distributed_error(num_replicas, rank):
    return _error(lambda: DistributedSampler(torch.IntTensor(range(10)), num_replicas, rank))


def duplicating_data_with_drop_last(num_processes, num_batches):
    data_set = torch.IntTensor(range(num_batches))
    scanned = torch.IntTensor([])
    for i in range(num_processes):
        s = DistributedSampler(data_set, num_processes, i)
        for d in DataLoader(data_set, batch_size=int(num_batches / num_processes), drop_last=True, sampler=s):
            scanned = torch.cat((scanned, d), 0)
    return scanned


_WEIGHTS = [0.1, 0.9, 0.4, 0.7, 3.0, 0.6]


def _samplers(n, seeded):
    g = (lambda: torch.Generator().manual_seed(42)) if seeded else (lambda: None)
    return [
        RandomSampler(range(n), num_samples=5, replacement=True, generator=g()),
        RandomSampler(range(n), replacement=False, generator=g()),
        WeightedRandomSampler(_WEIGHTS, num_samples=5, replacement=True, generator=g()),
        WeightedRandomSampler(_WEIGHTS, num_samples=5, replacement=False, generator=g()),
        SubsetRandomSampler(range(10), generator=g()),
    ]


def sampler_reproducibility(n):
    """test_sampler_reproducibility: seeded samplers' lists; unseeded ones after manual_seed(0), twice and interleaved."""
    seeded = [list(s) for s in _samplers(n, True)]
    unseeded = []
    for sampler in _samplers(n, False):
        torch.manual_seed(0)
        l1 = list(sampler) + list(sampler)
        torch.manual_seed(0)
        l2 = list(sampler) + list(sampler)
        its = (iter(sampler), iter(sampler))
        ls = ([], [])
        for idx in range(len(sampler)):
            for i in range(2):
                if idx == 0:
                    torch.manual_seed(0)
                ls[i].append(next(its[i]))
        unseeded.append({"l1": l1, "l2": l2, "ls": list(ls)})
    return {"seeded": seeded, "unseeded": unseeded}


def growing_dataset():
    dataset = [torch.ones(4) for _ in range(4)]
    seq = DataLoader(dataset, shuffle=False)
    shuf = DataLoader(dataset, shuffle=True)
    dataset.append(torch.ones(4))
    return [len(seq), len(shuf)]


class _BulkLoadingDataset(Dataset):
    def __init__(self, length):
        self.length = length

    def __getitem__(self, indices):
        assert isinstance(indices, (list, tuple))
        return torch.as_tensor(indices)

    def __len__(self):
        return self.length


class _BulkLoadingSampler(torch.utils.data.Sampler):
    def __init__(self, dataset, batch_size):
        self.dataset = dataset
        self.batch_size = batch_size

    def __iter__(self):
        for x in torch.randperm(len(self.dataset)).split(self.batch_size):
            yield x.tolist()

    def __len__(self):
        return (len(self.dataset) + self.batch_size - 1) // self.batch_size


def bulk_loading(n, batch_size, num_workers, global_seed):
    torch.manual_seed(global_seed)
    ds = _BulkLoadingDataset(n)
    dl = DataLoader(ds, num_workers=num_workers, batch_size=None, sampler=_BulkLoadingSampler(ds, batch_size))
    return {"auto_collation": dl._auto_collation, "batches": list(dl)}


def _describe(v):
    """A value with its Python types kept: tensors with dtypes, containers with their class names."""
    if isinstance(v, torch.Tensor):
        return {"tensor": v, "dtype": str(v.dtype).replace("torch.", "")}
    if isinstance(v, tuple) and hasattr(v, "_fields"):
        return {"namedtuple": type(v).__name__, "fields": {k: _describe(x) for k, x in v._asdict().items()}}
    if isinstance(v, dict):
        return {"dict": type(v).__name__, "items": {k: _describe(x) for k, x in v.items()}}
    if isinstance(v, (list, tuple)):
        return {"list": type(v).__name__, "items": [_describe(x) for x in v]}
    return {"value": v, "type": type(v).__name__}


class CustomList(list):
    pass


class CustomDict(dict):
    pass


def collate_case(case):
    """The default_collate / default_convert cases of TestDataLoader, described."""
    cases = {
        "int": lambda: default_collate([1, 2, -1]),
        "float": lambda: default_collate([1.1, 2.3, -0.9]),
        "bool": lambda: default_collate([True, False]),
        "str": lambda: default_collate(["a", "b", "c"]),
        "mapping_keep_type": lambda: default_collate([CustomDict({"a": 1, "b": 2}), CustomDict({"a": 3, "b": 4})]),
        "sequence_keep_type": lambda: default_collate([CustomList([1, 2, 3]), CustomList([4, 5, 6])]),
        "convert_mapping_keep_type": lambda: default_convert(CustomDict({"a": 1, "b": 2})),
        "convert_sequence_keep_type": lambda: default_convert(CustomList([1, 2, 3])),
    }
    return _describe(cases[case]())


def collate_error(batch):
    return _error(lambda: default_collate(batch))


def counting_loader(n, **kw):
    """test_multiprocessing_contexts (the default context): list(DataLoader(CountingDataset(n), **kw))."""
    return list(DataLoader(CountingDataset(n), **kw))


# ---- TestDictDataLoader, TestStringDataLoader, TestNamedTupleDataLoader, TestIndividualWorkerQueue

class _DictDataset(Dataset):
    def __len__(self):
        return 4

    def __getitem__(self, ndx):
        return {"a_tensor": torch.empty(4, 2).fill_(ndx), "another_dict": {"a_number": ndx}}


def dict_loader():
    return [_describe(b) for b in DataLoader(_DictDataset(), batch_size=2, shuffle=False)]


class _StringDataset(Dataset):
    def __init__(self):
        self.s = "12345"

    def __len__(self):
        return len(self.s)

    def __getitem__(self, ndx):
        return (self.s[ndx], ndx)


def string_loader(global_seed, num_workers):
    torch.manual_seed(global_seed)
    dl = DataLoader(_StringDataset(), batch_size=2, shuffle=True, num_workers=num_workers)
    return [_describe(b) for b in dl]


class _NamedTupleDataset(Dataset):
    Batch = namedtuple("Batch", ["data", "label", "random_tensor"])
    Data = namedtuple("Data", ["positive", "negative"])

    def __len__(self):
        return 4

    def __getitem__(self, ndx):
        return self.Batch(data=self.Data(positive=ndx, negative=-ndx), label=str(ndx), random_tensor=torch.randn(3))


def namedtuple_loader(global_seed, batch_size):
    torch.manual_seed(global_seed)
    return [_describe(b) for b in DataLoader(_NamedTupleDataset(), batch_size=batch_size)]


class _WorkerQueueDataset(Dataset):
    def __init__(self, data):
        self.data = data
        self.worker_id = None

    def worker_init_fn(self, worker_id):
        self.worker_id = worker_id

    def __getitem__(self, item):
        return self.worker_id, self.data[item]

    def __len__(self):
        return len(self.data)


def ind_worker_queue(batch_size, num_workers):
    ds = _WorkerQueueDataset(list(range(128)))
    dl = DataLoader(ds, batch_size=batch_size, shuffle=False, num_workers=num_workers, timeout=5,
                    worker_init_fn=ds.worker_init_fn)
    return [list(b) for b in dl]
