// PyTorch's exception classes as JS classes, so callers can branch on them as Python code does.

/** Python's KeyError (bad names in register_parameter/register_buffer/add_module). */
export class KeyError extends Error {
  constructor(message?: string) {
    super(message);
    this.name = "KeyError";
  }
}

// The classes of the errors libtorch raises, as PyTorch's Python front end maps them
// (torch/csrc/Exceptions.h); native/addon.cc makes its errors as these. c10::TypeError becomes JS's
// own TypeError, and every other libtorch error a plain Error (Python's RuntimeError).

/** Python's IndexError: an index or dimension out of range (c10::IndexError). */
export class IndexError extends RangeError {
  constructor(message?: string) {
    super(message);
    this.name = "IndexError";
  }
}

/** Python's ValueError (c10::ValueError). */
export class ValueError extends Error {
  constructor(message?: string) {
    super(message);
    this.name = "ValueError";
  }
}

/** Python's NotImplementedError: no kernel for this backend or dtype (c10::NotImplementedError). */
export class NotImplementedError extends Error {
  constructor(message?: string) {
    super(message);
    this.name = "NotImplementedError";
  }
}

/** torch.linalg.LinAlgError: a linear-algebra routine failed on its input (c10::LinAlgError). */
export class LinAlgError extends Error {
  constructor(message?: string) {
    super(message);
    this.name = "LinAlgError";
  }
}
