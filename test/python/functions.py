# PyTorch side of test/functions.test.ts.
import torch


def top_level(x, y):
    v, i = torch.max(x, 1)
    return [torch.flatten(x, 1), torch.sum(x, 1), torch.mean(x), v, i, torch.argmax(x, 1),
            torch.softmax(x, 1), torch.log_softmax(x, 0), torch.matmul(x, y), torch.clamp(x, -0.5, 0.5),
            torch.exp(x), torch.transpose(x, 0, 1), torch.unsqueeze(x, 0)]


def tensor_helpers(x, y):
    return [list(x), y.view_as(x), x[0].expand_as(x), y.long().type_as(x), x.data, x.softmax(1), x.log_softmax(1)]
