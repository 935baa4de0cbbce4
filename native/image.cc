// image area: JPEG decoding with libjpeg(-turbo), the library and settings PIL uses (islow IDCT,
// fancy upsampling, RGB output), so a folder of JPEGs gives torchvision's pixels.
#include "common.h"
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

void InitImage(Napi::Object e) {
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
