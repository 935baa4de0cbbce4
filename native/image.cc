// image area: JPEG decoding with libjpeg(-turbo), the library and settings PIL uses (islow IDCT,
// fancy upsampling, RGB output), so a folder of JPEGs gives torchvision's pixels; and Pillow's resize
// of 8-bit images (what torchvision's Resize does to a PIL image), so resized pixels are torchvision's too.
#include "common.h"
#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>
#if TORCHTS_WITH_JPEG
#include <csetjmp>
#include <cstdio>
#include <jpeglib.h>
#endif

namespace torchts {

#if TORCHTS_WITH_JPEG
namespace {
// libjpeg reports errors through a callback that must not return: it jumps back to decode().
struct ErrorManager {
  jpeg_error_mgr pub;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
};

void onError(j_common_ptr cinfo) {
  auto* err = reinterpret_cast<ErrorManager*>(cinfo->err);
  (*cinfo->err->format_message)(cinfo, err->message);
  std::longjmp(err->jump, 1);
}

// Decodes into `out` (allocated here as [H, W, 3] uint8); returns an error message or empty.
// No C++ object with a destructor lives between setjmp and a longjmp.
std::string decode(const uint8_t* data, size_t size, at::Tensor& out) {
  jpeg_decompress_struct cinfo;
  ErrorManager err;
  cinfo.err = jpeg_std_error(&err.pub);
  err.pub.error_exit = onError;
  if (setjmp(err.jump)) {
    jpeg_destroy_decompress(&cinfo);
    return err.message;
  }
  jpeg_create_decompress(&cinfo);
  jpeg_mem_src(&cinfo, data, static_cast<unsigned long>(size));
  jpeg_read_header(&cinfo, TRUE);
  if (cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK) {
    jpeg_destroy_decompress(&cinfo);
    return "CMYK JPEGs are not supported";
  }
  cinfo.out_color_space = JCS_RGB;
  cinfo.dct_method = JDCT_ISLOW;
  jpeg_start_decompress(&cinfo);
  const int64_t h = cinfo.output_height, w = cinfo.output_width;
  out = at::empty({h, w, 3}, at::TensorOptions().dtype(at::kByte));
  auto* base = out.data_ptr<uint8_t>();
  while (cinfo.output_scanline < cinfo.output_height) {
    JSAMPROW row = base + static_cast<int64_t>(cinfo.output_scanline) * w * 3;
    jpeg_read_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_decompress(&cinfo);
  jpeg_destroy_decompress(&cinfo);
  return "";
}
}  // namespace
#endif

namespace {
// Pillow's resampling filters (Resample.c) and their supports.
double boxFilter(double x) {
  return x > -0.5 && x <= 0.5 ? 1.0 : 0.0;
}
double bilinearFilter(double x) {
  x = std::fabs(x);
  return x < 1.0 ? 1.0 - x : 0.0;
}
double hammingFilter(double x) {
  x = std::fabs(x);
  if (x == 0.0) return 1.0;
  if (x >= 1.0) return 0.0;
  x *= M_PI;
  return std::sin(x) / x * (0.54f + 0.46f * std::cos(x));
}
double bicubicFilter(double x) {
  const double a = -0.5;
  x = std::fabs(x);
  if (x < 1.0) return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
  if (x < 2.0) return (((x - 5) * x + 8) * x - 4) * a;
  return 0.0;
}
double sinc(double x) {
  if (x == 0.0) return 1.0;
  x *= M_PI;
  return std::sin(x) / x;
}
double lanczosFilter(double x) {
  return -3.0 <= x && x < 3.0 ? sinc(x) * sinc(x / 3) : 0.0;
}
struct Filter {
  double (*fn)(double);
  double support;
};

// Pillow keeps 8-bit sums in fixed point with 22 fraction bits (two spare bits for overshoot).
constexpr int kPrecisionBits = 32 - 8 - 2;

// Per output pixel: the first input pixel, how many, and their fixed-point weights (precompute_coeffs
// and normalize_coeffs_8bpc): the filter at each input centre, scaled out when shrinking, normalized.
struct Coeffs {
  int ksize = 0;
  std::vector<int> bounds;  // (xmin, count) per output pixel
  std::vector<int32_t> k;   // ksize per output pixel
};
Coeffs coeffs(int inSize, float in0, float in1, int outSize, const Filter& f) {
  double scale = static_cast<double>(in1 - in0) / outSize;
  double filterscale = scale < 1.0 ? 1.0 : scale;
  double support = f.support * filterscale;
  Coeffs c;
  c.ksize = static_cast<int>(std::ceil(support)) * 2 + 1;
  c.bounds.resize(static_cast<size_t>(outSize) * 2);
  c.k.assign(static_cast<size_t>(outSize) * c.ksize, 0);
  std::vector<double> w(c.ksize);
  for (int xx = 0; xx < outSize; xx++) {
    double center = in0 + (xx + 0.5) * scale;
    double ss = 1.0 / filterscale;
    int xmin = std::max(static_cast<int>(center - support + 0.5), 0);
    int xmax = std::min(static_cast<int>(center + support + 0.5), inSize) - xmin;
    double ww = 0.0;
    for (int x = 0; x < xmax; x++) {
      w[x] = f.fn((x + xmin - center + 0.5) * ss);
      ww += w[x];
    }
    for (int x = 0; x < xmax; x++) {
      double v = ww != 0.0 ? w[x] / ww : w[x];
      double fixed = v * (1 << kPrecisionBits);
      c.k[static_cast<size_t>(xx) * c.ksize + x] = static_cast<int32_t>(v < 0 ? -0.5 + fixed : 0.5 + fixed);
    }
    c.bounds[xx * 2] = xmin;
    c.bounds[xx * 2 + 1] = xmax;
  }
  return c;
}

inline uint8_t clip8(int32_t v) {
  int32_t x = v >> kPrecisionBits;  // arithmetic shift, as Pillow's lookup table index
  return static_cast<uint8_t>(x < 0 ? 0 : x > 255 ? 255 : x);
}

// One pass along `axis` (1: width, 0: height) of an [H, W, C] uint8 image, rows/columns of `in`
// starting at `offset` on the other axis.
at::Tensor pass(const at::Tensor& in, int axis, const Coeffs& c, int outSize, int offset, int otherSize) {
  const int64_t H = in.size(0), W = in.size(1), C = in.size(2);
  const uint8_t* src = in.data_ptr<uint8_t>();
  at::Tensor out =
      axis == 1 ? at::empty({otherSize, outSize, C}, in.options()) : at::empty({outSize, W, C}, in.options());
  uint8_t* dst = out.data_ptr<uint8_t>();
  if (axis == 1) {
    for (int yy = 0; yy < otherSize; yy++) {
      const uint8_t* row = src + (yy + offset) * W * C;
      for (int xx = 0; xx < outSize; xx++) {
        int xmin = c.bounds[xx * 2], n = c.bounds[xx * 2 + 1];
        const int32_t* k = &c.k[static_cast<size_t>(xx) * c.ksize];
        for (int64_t ch = 0; ch < C; ch++) {
          int32_t ss = 1 << (kPrecisionBits - 1);
          for (int x = 0; x < n; x++) ss += row[(x + xmin) * C + ch] * k[x];
          dst[(static_cast<int64_t>(yy) * outSize + xx) * C + ch] = clip8(ss);
        }
      }
    }
  } else {
    (void)H;
    for (int yy = 0; yy < outSize; yy++) {
      int ymin = c.bounds[yy * 2] - offset, n = c.bounds[yy * 2 + 1];
      const int32_t* k = &c.k[static_cast<size_t>(yy) * c.ksize];
      for (int64_t xx = 0; xx < W * C; xx++) {
        int32_t ss = 1 << (kPrecisionBits - 1);
        for (int y = 0; y < n; y++) ss += src[(y + ymin) * W * C + xx] * k[y];
        dst[yy * W * C + xx] = clip8(ss);
      }
    }
  }
  return out;
}

// Pillow's ImagingResample: a horizontal pass over the rows the vertical pass reads, then the vertical pass.
at::Tensor resample(const at::Tensor& img, int outH, int outW, const Filter& f, const float box[4]) {
  const int H = static_cast<int>(img.size(0)), W = static_cast<int>(img.size(1));
  bool horizontal = outW != W || box[0] != 0 || box[2] != outW;
  bool vertical = outH != H || box[1] != 0 || box[3] != outH;
  Coeffs ch = coeffs(W, box[0], box[2], outW, f);
  Coeffs cv = coeffs(H, box[1], box[3], outH, f);
  int yFirst = cv.bounds[0];
  int yLast = cv.bounds[outH * 2 - 2] + cv.bounds[outH * 2 - 1];
  at::Tensor cur = img;
  int offset = 0;
  if (horizontal) {
    cur = pass(img, 1, ch, outW, yFirst, yLast - yFirst);
    offset = yFirst;
  }
  if (vertical) cur = pass(cur, 0, cv, outH, offset, 0);
  return horizontal || vertical ? cur : img.clone();
}

// Pillow's nearest resize (an affine scale, ImagingScaleAffine): source index floor((x + 0.5) * scale),
// the position stepped by repeated addition as Pillow does.
at::Tensor nearest(const at::Tensor& img, int outH, int outW, const float box[4]) {
  const int64_t H = img.size(0), W = img.size(1), C = img.size(2);
  double a0 = static_cast<double>(box[2] - box[0]) / outW, a4 = static_cast<double>(box[3] - box[1]) / outH;
  auto coord = [](double v) {
    return v < 0.0 ? -1 : static_cast<int>(v);
  };
  std::vector<int> xin(outW, -1);
  double xo = box[0] + a0 * 0.5;
  for (int x = 0; x < outW; x++, xo += a0) {
    int xi = coord(xo);
    if (xi >= 0 && xi < W) xin[x] = xi;
  }
  at::Tensor out = at::zeros({outH, outW, C}, img.options());
  const uint8_t* src = img.data_ptr<uint8_t>();
  uint8_t* dst = out.data_ptr<uint8_t>();
  double yo = box[1] + a4 * 0.5;
  for (int y = 0; y < outH; y++, yo += a4) {
    int yi = coord(yo);
    if (yi < 0 || yi >= H) continue;
    for (int x = 0; x < outW; x++)
      if (xin[x] >= 0) std::memcpy(dst + (static_cast<int64_t>(y) * outW + x) * C, src + (yi * W + xin[x]) * C, C);
  }
  return out;
}
}  // namespace

void InitImage(Napi::Object e) {
  // ([H, W, C] uint8, [h, w], filter, box [x0, y0, x1, y1] or null) -> [h, w, C] uint8: Pillow's
  // Image.resize(size, filter, box) of an 8-bit image ("L", "RGB": each channel alike).
  def(e, "imageResizePil", [](Args& a) -> Napi::Value {
    at::Tensor img = a.t(0);
    std::vector<int64_t> size = a.ints(1);
    std::string mode = a.str(2);
    TORCH_CHECK(img.dim() == 3 && img.scalar_type() == at::kByte, "imageResizePil: expected a uint8 [H, W, C] image");
    TORCH_CHECK(
        img.size(0) > 0 && img.size(1) > 0 && img.size(2) > 0 && img.size(0) < (1 << 24) && img.size(1) < (1 << 24),
        "imageResizePil: bad image size");
    TORCH_CHECK(size.size() == 2 && size[0] > 0 && size[1] > 0 && size[0] < (1 << 24) && size[1] < (1 << 24),
                "height and width must be > 0");
    float box[4] = {0, 0, static_cast<float>(img.size(1)), static_cast<float>(img.size(0))};
    if (a.has(3)) {
      std::vector<double> b = a[3].doubles();
      TORCH_CHECK(b.size() == 4, "imageResizePil: box must be [x0, y0, x1, y1]");
      for (int i = 0; i < 4; i++) box[i] = static_cast<float>(b[i]);
      TORCH_CHECK(box[0] >= 0 && box[1] >= 0, "box offset can't be negative");
      TORCH_CHECK(box[2] <= img.size(1) && box[3] <= img.size(0), "box can't exceed original image size");
      TORCH_CHECK(box[2] - box[0] >= 0 && box[3] - box[1] >= 0, "box can't be empty");
    }
    img = img.contiguous();
    const int outH = static_cast<int>(size[0]), outW = static_cast<int>(size[1]);
    if (outH == img.size(0) && outW == img.size(1) && box[0] == 0 && box[1] == 0 && box[2] == outW && box[3] == outH)
      return a.ret(img.clone());
    if (mode == "nearest") return a.ret(nearest(img, outH, outW, box));
    static const std::pair<const char*, Filter> filters[] = {
        {"box", {boxFilter, 0.5}},         {"bilinear", {bilinearFilter, 1.0}}, {"hamming", {hammingFilter, 1.0}},
        {"bicubic", {bicubicFilter, 2.0}}, {"lanczos", {lanczosFilter, 3.0}},
    };
    for (const auto& [name, f] : filters)
      if (mode == name) return a.ret(resample(img, outH, outW, f, box));
    throw std::invalid_argument("imageResizePil: unknown filter " + mode);
  });
  // (bytes) -> [H, W, 3] uint8 RGB
  def(e, "decodeJpeg", [](Args& a) -> Napi::Value {
#if TORCHTS_WITH_JPEG
    if (!a.info[0].IsTypedArray()) throw Napi::TypeError::New(a.env(), "decodeJpeg(): argument 0 must be bytes");
    auto bytes = a.info[0].As<Napi::Uint8Array>();
    at::Tensor out;
    std::string error = decode(bytes.Data(), bytes.ByteLength(), out);
    if (!error.empty()) throw std::runtime_error("JPEG: " + error);
    return a.ret(out);
#else
    throw std::runtime_error("this build of torchts has no libjpeg (install libjpeg-dev and rebuild)");
#endif
  });
  def(e, "hasJpeg", [](Args& a) -> Napi::Value { return Napi::Boolean::New(a.env(), TORCHTS_WITH_JPEG != 0); });
}

}  // namespace torchts
