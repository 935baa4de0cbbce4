// compat::newReducer picks each c10d::Reducer constructor form (1.13-2.6; then without per-bucket limits;
// then with a cap list): stand-in classes with the three signatures. Run by scripts/check_cuda_compile.sh.
#include "compat.h"
#include <cassert>
namespace fake {
struct PG : c10::intrusive_ptr_target {};
using N = std::unordered_map<size_t, std::string>;
struct R26 { int form = 26;
  explicit R26(std::vector<at::Tensor>, std::vector<std::vector<size_t>>, const std::vector<size_t>&, c10::intrusive_ptr<PG>,
               std::vector<bool>, int64_t, bool, bool, N, int64_t) {} };
struct R28 { int form = 28;
  explicit R28(std::vector<at::Tensor>, std::vector<std::vector<size_t>>, c10::intrusive_ptr<PG>, std::vector<bool>,
               int64_t, bool, bool, N, int64_t, bool, bool) {} };
struct R212 { int form = 212;
  explicit R212(std::vector<at::Tensor>, std::vector<std::vector<size_t>>, c10::intrusive_ptr<PG>, std::vector<bool>,
                int64_t, bool, bool, N, int64_t, bool, bool, std::vector<int64_t>, bool = false) {} };
}
template <class R> int form() {
  auto pg = c10::make_intrusive<fake::PG>();
  return torchts::compat::newReducer<R>({}, {}, {}, pg, {}, 1, false, false, {}, 1)->form;
}
int main() { return !(form<fake::R26>() == 26 && form<fake::R28>() == 28 && form<fake::R212>() == 212); }
