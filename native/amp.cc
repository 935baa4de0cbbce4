// amp area: autocast's thread-local state (torch.autocast) and GradScaler's two kernels.
#include "common.h"

namespace torchts {

static c10::DeviceType ampDevice(const Args& a, size_t i) {
  const auto d = a.str(i);
  if (d == "cpu") return c10::DeviceType::CPU;
  if (d == "cuda") return c10::DeviceType::CUDA;
  throw std::runtime_error("User specified autocast device_type must be 'cuda' or 'cpu'");
}

void InitAmp(Napi::Object e) {
  // (device) -> [enabled, ScalarType]
  def(e, "ampState", [](Args& a) -> Napi::Value {
    const auto d = ampDevice(a, 0);
    auto r = Napi::Array::New(a.env(), 2);
    r.Set(0u, Napi::Boolean::New(a.env(), compat::autocastEnabled(d)));
    r.Set(1u, Napi::Number::New(a.env(), static_cast<double>(compat::autocastDtype(d))));
    return r;
  });
  // (device, enabled, ScalarType)
  def(e, "ampSetState", [](Args& a) -> Napi::Value {
    const auto d = ampDevice(a, 0);
    compat::setAutocastEnabled(d, a.b(1));
    compat::setAutocastDtype(d, checkedScalarType(a.i64(2), a[2]));
    return a.none();
  });
  def(e, "ampCacheEnabled",
      [](Args& a) -> Napi::Value { return Napi::Boolean::New(a.env(), at::autocast::is_autocast_cache_enabled()); });
  def(e, "ampSetCacheEnabled", [](Args& a) -> Napi::Value {
    at::autocast::set_autocast_cache_enabled(a.b(0));
    return a.none();
  });
  def(e, "ampIncrementNesting",
      [](Args& a) -> Napi::Value { return Napi::Number::New(a.env(), at::autocast::increment_nesting()); });
  def(e, "ampDecrementNesting",
      [](Args& a) -> Napi::Value { return Napi::Number::New(a.env(), at::autocast::decrement_nesting()); });
  def(e, "ampClearCache", [](Args& a) -> Napi::Value {
    at::autocast::clear_cache();
    return a.none();
  });
  // (grads, foundInf, invScale): unscales in place, sets foundInf to 1 on an inf/nan.
  def(e, "ampUnscale", [](Args& a) -> Napi::Value {
    auto grads = a.tensors(0);
    at::_amp_foreach_non_finite_check_and_unscale_(grads, a.t(1), a.t(2));
    return a.none();
  });
  // (scale, growthTracker, foundInf, growthFactor, backoffFactor, growthInterval), in place.
  def(e, "ampUpdateScale", [](Args& a) -> Napi::Value {
    at::_amp_update_scale_(a.t(0), a.t(1), a.t(2), a.num(3), a.num(4), a.i64(5));
    return a.none();
  });
}

}  // namespace torchts
