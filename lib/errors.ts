// PyTorch's exception classes as JS classes, so callers can branch on them as Python code does.

/** Python's KeyError (bad names in register_parameter/register_buffer/add_module). */
export class KeyError extends Error {
  constructor(message?: string) {
    super(message);
    this.name = "KeyError";
  }
}
