// Debian's libtorch-dev ships c10d's reducer.hpp but not the distributed-autograd header it includes.
// The Reducer only holds a shared_ptr to this context and names its GradCallback type, so these two
// declarations are all it needs (a shared_ptr's layout does not depend on its element type).
#pragma once
#include <ATen/core/Tensor.h>
#include <functional>
#include <memory>

namespace torch {
namespace distributed {
namespace autograd {
class DistAutogradContext {
 public:
  using GradCallback = std::function<bool(at::Tensor&)>;
};
using ContextPtr = std::shared_ptr<DistAutogradContext>;
}  // namespace autograd
}  // namespace distributed
}  // namespace torch
