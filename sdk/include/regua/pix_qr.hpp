// The QR code of a PIX payload, as a client scans it from a page or an e-mail: the
// modules from libqrencode, drawn as SVG (one path, for pages) or PNG (libpng, for an
// e-mail's inline image and for pages alike). Header-only; link Regua::pix_qr.
//
// Error correction M (15 %), as banks print PIX codes, and 8-bit mode so the payload's
// lower-case "br.gov.bcb.pix" stays as it is.
#ifndef REGUA_PIX_QR_HPP
#define REGUA_PIX_QR_HPP

#include <algorithm>
#include <csetjmp>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <png.h>
#include <qrencode.h>

namespace regua::pix {

// The modules of one QR code: `size` × `size`, row by row, true = dark.
struct QrModules {
  int size = 0;
  std::vector<bool> dark;
  bool at(int x, int y) const { return dark[static_cast<std::size_t>(y) * static_cast<std::size_t>(size) + static_cast<std::size_t>(x)]; }
};

// Throws std::invalid_argument for a text no QR code holds (empty, or past version 40).
inline QrModules qrModules(std::string_view text) {
  if (text.empty()) throw std::invalid_argument("QR code de um texto vazio");
  const std::string copy(text);  // libqrencode wants a NUL-terminated string
  std::unique_ptr<QRcode, void (*)(QRcode*)> code(QRcode_encodeString(copy.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1),
                                                  QRcode_free);
  if (!code) throw std::invalid_argument("o texto não cabe num QR code (" + std::to_string(text.size()) + " bytes)");
  QrModules out;
  out.size = code->width;
  out.dark.resize(static_cast<std::size_t>(code->width) * static_cast<std::size_t>(code->width));
  for (std::size_t i = 0; i < out.dark.size(); ++i) out.dark[i] = (code->data[i] & 1) != 0;
  return out;
}

// An SVG of the code with a quiet zone of `quiet` modules, scaled by the page (viewBox
// in modules); `title` names it for screen readers.
inline std::string qrSvg(const QrModules& qr, std::string_view title, int quiet = 4) {
  const int side = qr.size + 2 * quiet;
  std::string path;
  for (int y = 0; y < qr.size; ++y) {
    for (int x = 0; x < qr.size; ++x) {
      if (qr.at(x, y)) path += "M" + std::to_string(x + quiet) + "," + std::to_string(y + quiet) + "h1v1h-1z";
    }
  }
  std::string escaped;
  for (char c : title) escaped += c == '<' ? std::string("&lt;") : c == '&' ? std::string("&amp;") : std::string(1, c);
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + std::to_string(side) + " " + std::to_string(side) +
         "\" role=\"img\" shape-rendering=\"crispEdges\"><title>" + escaped + "</title><rect width=\"100%\" height=\"100%\" "
         "fill=\"#fff\"/><path fill=\"#000\" stroke=\"none\" d=\"" + path + "\"/></svg>";
}

namespace detail {

inline void appendPng(png_structp png, png_bytep data, png_size_t length) {
  static_cast<std::string*>(png_get_io_ptr(png))->append(reinterpret_cast<const char*>(data), length);
}

}  // namespace detail

// A black-and-white PNG of the code (one bit per pixel): each module `scale` pixels, a
// quiet zone of `quiet` modules. Without row filters, as the PNG specification advises
// for images under 8 bits: the rows compress as well and cost a fraction of the time,
// which counts in a day that attaches one code to each of thousands of e-mails. Throws
// std::runtime_error when libpng fails (out of memory).
inline std::string qrPng(const QrModules& qr, int scale = 8, int quiet = 4) {
  const int side = (qr.size + 2 * quiet) * scale;
  const std::size_t stride = (static_cast<std::size_t>(side) + 7) / 8;
  // One packed row per row of modules, plus a white one for the quiet zone; the image's
  // `scale` pixel rows of a module row all point at it.
  std::vector<png_byte> packed(stride * static_cast<std::size_t>(qr.size + 1), 0xFF);  // bit set = white
  const png_bytep white = &packed[stride * static_cast<std::size_t>(qr.size)];
  for (int y = 0; y < qr.size; ++y) {
    png_byte* row = &packed[stride * static_cast<std::size_t>(y)];
    for (int x = 0; x < qr.size; ++x) {
      if (!qr.at(x, y)) continue;
      for (int px = (x + quiet) * scale, end = px + scale; px < end; ++px) {
        row[px / 8] &= static_cast<png_byte>(~(0x80u >> (px % 8)));
      }
    }
  }
  std::vector<png_bytep> rows(static_cast<std::size_t>(side), white);
  for (int py = quiet * scale; py < (quiet + qr.size) * scale; ++py) {
    rows[static_cast<std::size_t>(py)] = &packed[stride * static_cast<std::size_t>(py / scale - quiet)];
  }

  std::string out;
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png ? png_create_info_struct(png) : nullptr;
  if (info == nullptr || setjmp(png_jmpbuf(png)) != 0) {  // libpng's errors land here
    png_destroy_write_struct(&png, &info);
    throw std::runtime_error("libpng não conseguiu gerar a imagem do QR code");
  }
  png_set_write_fn(png, &out, detail::appendPng, nullptr);
  png_set_IHDR(png, info, static_cast<png_uint_32>(side), static_cast<png_uint_32>(side), 1, PNG_COLOR_TYPE_GRAY,
               PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
  png_write_info(png, info);
  png_write_image(png, rows.data());
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return out;
}

}  // namespace regua::pix

#endif  // REGUA_PIX_QR_HPP
