# PyTorch's side of test/upstream/test_sort_and_select.test.ts: the batch runner shared with the reductions port.
from upstream_reductions import many  # noqa: F401
