# PyTorch side of test/nn.test.ts: functional forms, load_state_dict errors and checkpoint files.
import runpy

import torch
import torch.nn as nn
import torch.nn.functional as F


def functional_forms(x, w, b, v, lw):
    """relu, softmax, log_softmax, linear, conv2d, max_pool2d, batch_norm (training), and its running stats."""
    rm = torch.zeros(3)
    rv = torch.ones(3)
    return [F.relu(x), F.softmax(v, 1), F.log_softmax(v, 0), F.linear(v, lw), F.conv2d(x, w, b, padding=1),
            F.max_pool2d(x, 2), F.batch_norm(x, rm, rv, training=True, momentum=0.2), rm, rv]


def _missing_and_unexpected():
    m = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3))
    sd = m.state_dict()
    del sd["0.bias"]
    sd["extra"] = torch.zeros(1)
    return m, sd


def load_missing_and_unexpected():
    """load_state_dict with a key missing and an unexpected one (raises PyTorch's error)."""
    m, sd = _missing_and_unexpected()
    m.load_state_dict(sd)


def load_missing_and_unexpected_message():
    """The whole message of load_missing_and_unexpected's error."""
    m, sd = _missing_and_unexpected()
    try:
        m.load_state_dict(sd)
    except RuntimeError as e:
        return str(e)


def size_mismatch_message():
    """The message for a state dict whose shapes do not fit."""
    try:
        nn.Linear(2, 3).load_state_dict(nn.Linear(2, 4).state_dict())
    except RuntimeError as e:
        return str(e)


def resave_lenet(f1, f2, ref_path):
    """Loads torchts' LeNet-5 (BN) state dict from f1 into the reference model and saves it to f2."""
    LeNet5 = runpy.run_path(ref_path)["LeNet5"]
    m = LeNet5(True)
    m.load_state_dict(torch.load(f1))
    torch.save(m.state_dict(), f2)


def save_sequential(f):
    """Saves a seeded Conv2d/BatchNorm2d/Linear(double) state dict with changed buffers to f; returns it."""
    torch.manual_seed(5)
    m = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.Linear(2, 2).double())
    m[1].running_mean.normal_()
    m[1].num_batches_tracked += 7
    torch.save(m.state_dict(), f)
    return m.state_dict()
