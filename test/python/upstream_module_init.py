# PyTorch side of test/upstream/test_module_init.test.ts: PyTorch 1.13's test/test_module_init.py
# (TestModuleInit) on the torch.nn modules of its constructor table. For each module, live: whether its
# constructor creates parameters or buffers (upstream's mock probe of Parameter.__new__ and
# register_buffer), what it has when built plainly and when built with device= and dtype= (names,
# shapes, dtypes, devices; for lazy modules the device and dtype each UninitializedParameter /
# UninitializedBuffer was created with), and whether an unknown keyword raises TypeError.
import inspect
from unittest.mock import MagicMock, patch

import torch
import torch.nn as nn

# build_constructor_arg_db(), the torch.nn entries: module -> (args, kwargs). Class-valued arguments
# (the Transformer encoder/decoder layers) are built from their own entry, as upstream's
# get_example_args does.
ARGS = {
    "AdaptiveAvgPool1d": (5,), "AdaptiveAvgPool2d": (5,), "AdaptiveAvgPool3d": (5,),
    "AdaptiveLogSoftmaxWithLoss": (100, 20, [5, 10, 15]),
    "AdaptiveMaxPool1d": (5,), "AdaptiveMaxPool2d": (5,), "AdaptiveMaxPool3d": (5,),
    "AlphaDropout": (), "AvgPool1d": (3,), "AvgPool2d": (3,), "AvgPool3d": (3,),
    "BCELoss": (), "BCEWithLogitsLoss": (),
    "BatchNorm1d": (5,), "BatchNorm2d": (5,), "BatchNorm3d": (5,),
    "Bilinear": (2, 3, 4), "CELU": (), "CTCLoss": (), "ChannelShuffle": (4,),
    "ConstantPad1d": (2, 3.5), "ConstantPad2d": (2, 3.5), "ConstantPad3d": (2, 3.5),
    "Conv1d": (3, 3, 3), "Conv2d": (3, 3, 3), "Conv3d": (3, 3, 3),
    "ConvTranspose1d": (3, 3, 3), "ConvTranspose2d": (3, 3, 3), "ConvTranspose3d": (3, 3, 3),
    "CosineEmbeddingLoss": (), "CosineSimilarity": (), "CrossEntropyLoss": (), "CrossMapLRN2d": (5,),
    "Dropout1d": (), "Dropout2d": (), "Dropout3d": (), "Dropout": (), "ELU": (),
    "Embedding": (10, 5), "EmbeddingBag": (10, 5), "FeatureAlphaDropout": (), "Flatten": (),
    "Fold": (5, 2), "FractionalMaxPool2d": (5, 2), "FractionalMaxPool3d": (5, 2),
    "GELU": (), "GLU": (), "GRU": (5, 10), "GRUCell": (5, 10), "GaussianNLLLoss": (),
    "GroupNorm": (3, 6, 1e-5, True), "Hardshrink": (), "Hardsigmoid": (), "Hardswish": (), "Hardtanh": (),
    "HingeEmbeddingLoss": (), "HuberLoss": (), "Identity": (),
    "InstanceNorm1d": (5, 1e-5, 0.1, True), "InstanceNorm2d": (5, 1e-5, 0.1, True),
    "InstanceNorm3d": (5, 1e-5, 0.1, True),
    "KLDivLoss": (), "L1Loss": (), "LPPool1d": (2, 3), "LPPool2d": (2, 3),
    "LSTM": (5, 10), "LSTMCell": (5, 10), "LayerNorm": (2,),
    "LazyBatchNorm1d": (), "LazyBatchNorm2d": (), "LazyBatchNorm3d": (),
    "LazyConv1d": (5, 2), "LazyConv2d": (5, 2), "LazyConv3d": (5, 2),
    "LazyConvTranspose1d": (5, 2), "LazyConvTranspose2d": (5, 2), "LazyConvTranspose3d": (5, 2),
    "LazyInstanceNorm1d": (), "LazyInstanceNorm2d": (), "LazyInstanceNorm3d": (),
    "LazyLinear": (5,), "LeakyReLU": (), "Linear": (10, 5), "LocalResponseNorm": (2,),
    "LogSigmoid": (), "LogSoftmax": (), "MSELoss": (), "MarginRankingLoss": (),
    "MaxPool1d": (3,), "MaxPool2d": (3,), "MaxPool3d": (3,),
    "MaxUnpool1d": (5,), "MaxUnpool2d": (5,), "MaxUnpool3d": (5,),
    "Mish": (), "ModuleDict": (), "ModuleList": (),
    "MultiLabelMarginLoss": (), "MultiLabelSoftMarginLoss": (), "MultiMarginLoss": (),
    "MultiheadAttention": (100, 2), "NLLLoss2d": (), "NLLLoss": (), "PReLU": (), "PairwiseDistance": (),
    "ParameterDict": (), "ParameterList": (), "PixelShuffle": (2,), "PixelUnshuffle": (2,),
    "PoissonNLLLoss": (), "RNN": (5, 10), "RNNBase": ("LSTM", 5, 10), "RNNCell": (5, 10),
    "RNNCellBase": (5, 10, True, 2), "RReLU": (), "ReLU6": (), "ReLU": (),
    "ReflectionPad1d": (2,), "ReflectionPad2d": (2,), "ReflectionPad3d": (2,),
    "ReplicationPad1d": (2,), "ReplicationPad2d": (2,), "ReplicationPad3d": (2,),
    "SELU": (), "Sequential": (), "SiLU": (), "Sigmoid": (), "SmoothL1Loss": (), "SoftMarginLoss": (),
    "Softmax2d": (), "Softmax": (), "Softmin": (), "Softplus": (), "Softshrink": (), "Softsign": (),
    "SyncBatchNorm": (5,), "Tanh": (), "Tanhshrink": (), "Threshold": (0.1, 20), "Transformer": (),
    "TransformerDecoder": (nn.TransformerDecoderLayer, 3), "TransformerDecoderLayer": (10, 2),
    "TransformerEncoder": (nn.TransformerEncoderLayer, 3), "TransformerEncoderLayer": (10, 2),
    "TripletMarginLoss": (), "TripletMarginWithDistanceLoss": (), "Unflatten": (1, (2, 5, 5)),
    "Unfold": (3,), "Upsample": (), "UpsamplingBilinear2d": (), "UpsamplingNearest2d": (), "ZeroPad2d": (0,),
}

# generate_tests(): the torch.nn modules it skips, those whose kwargs it does not verify, the one whose
# unknown-keyword check it leaves out, and the lazy ones.
MODULES_TO_SKIP = {"Module", "Container", "NLLLoss2d"}
MODULES_WITHOUT_KWARGS_SUPPORT = {
    "BCELoss", "BCEWithLogitsLoss", "CrossEntropyLoss", "FractionalMaxPool2d", "FractionalMaxPool3d",
    "MultiLabelSoftMarginLoss", "MultiMarginLoss", "NLLLoss", "TransformerDecoder", "TransformerEncoder",
}
MODULES_WITH_PREVIOUS_KWARGS = {"Identity"}


def _example_args(name, extra):
    return [a(*_example_args(a.__name__, extra), **extra) if inspect.isclass(a) else a for a in ARGS[name]]


def _js_args(name):
    """The constructor arguments as JSON: tuples become lists, a class {"module": its name}."""
    def conv(a):
        if inspect.isclass(a):
            return {"module": a.__name__}
        if isinstance(a, (tuple, list)):
            return [conv(x) for x in a]
        return a
    return [conv(a) for a in ARGS[name]]


def _wrap(method):
    mock = MagicMock()

    def wrapper(self, *args, **kwargs):
        mock(*args, **kwargs)
        return method(self, *args, **kwargs)
    wrapper.mock = mock
    return wrapper


def _dtype(t):
    return str(t if isinstance(t, torch.dtype) else t.dtype).replace("torch.", "")


def _state(m):
    def entry(n, t):
        uninit = isinstance(t, nn.parameter.UninitializedTensorMixin)
        return {"name": n, "shape": None if uninit else list(t.shape), "dtype": _dtype(t),
                "device": str(t.device), "uninitialized": uninit}
    return {"parameters": [entry(n, p) for n, p in m.named_parameters()],
            "buffers": [entry(n, b) for n, b in m.named_buffers()]}


def cases(device, dtype):
    """One entry per torch.nn module upstream generates a test for, with PyTorch's results for it."""
    dt = getattr(torch, dtype)
    extra = {"device": device, "dtype": dt}
    out = []
    for name in nn.modules.__all__:
        if name in MODULES_TO_SKIP:
            continue
        cls = getattr(nn.modules, name)
        args = _example_args(name, {})
        param_new = _wrap(nn.Parameter.__new__)
        with patch.object(nn.Parameter, "__new__", param_new):
            register_buffer = _wrap(nn.Module.register_buffer)
            with patch.object(nn.Module, "register_buffer", register_buffer):
                plain = cls(*args)
                creates = param_new.mock.called or register_buffer.mock.called
        entry = {"name": name, "args": _js_args(name), "creates": bool(creates),
                 "verify": name not in MODULES_WITHOUT_KWARGS_SUPPORT,
                 "lazy": issubclass(cls, nn.modules.lazy.LazyModuleMixin),
                 "check_nonexistent": name not in MODULES_WITH_PREVIOUS_KWARGS,
                 "plain": _state(plain), "factory": None, "uninit_calls": None, "nonexistent_raises": None}
        if entry["verify"] and creates:
            fargs = _example_args(name, extra)
            if entry["lazy"]:
                up = _wrap(nn.UninitializedParameter.__new__)
                ub = _wrap(nn.UninitializedBuffer.__new__)
                with patch.object(nn.UninitializedParameter, "__new__", up), \
                        patch.object(nn.UninitializedBuffer, "__new__", ub):
                    m = cls(*fargs, **extra)
                calls = [c.kwargs for c in up.mock.mock_calls + ub.mock.mock_calls]
                entry["uninit_calls"] = [{"device": str(c.get("device")), "dtype": _dtype(c["dtype"])
                                          if "dtype" in c else None} for c in calls]
            else:
                m = cls(*fargs, **extra)
            entry["factory"] = _state(m)
        if entry["check_nonexistent"]:
            try:
                cls(*args, nonexistent_arg="foo")
                entry["nonexistent_raises"] = False
            except TypeError:
                entry["nonexistent_raises"] = True
        out.append(entry)
    return out
