// The PIX QR code read back by a real QR reader (zbarimg, Debian zbar-tools), as a
// client's bank app would scan it: every valid public payload, and one Régua builds.
#include <regua/pix.hpp>
#include <regua/pix_qr.hpp>

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "vectors.hpp"

namespace regua::pix {
namespace {

// What zbarimg reads from the PNG; "" when it finds no code.
std::string scanned(const std::string& png) {
  const auto file = std::filesystem::temp_directory_path() / ("regua-qr-" + std::to_string(::getpid()) + ".png");
  std::ofstream(file, std::ios::binary) << png;
  std::string out;
  if (FILE* pipe = ::popen(("zbarimg --nodbus --raw -q " + file.string() + " 2>&1").c_str(), "r")) {
    std::array<char, 512> buffer{};
    while (std::fgets(buffer.data(), buffer.size(), pipe) != nullptr) out += buffer.data();
    ::pclose(pipe);
  }
  std::filesystem::remove(file);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

TEST(PixQr, AReaderScansBackEveryValidPublicPayload) {
  int checked = 0;
  for (const auto& v : testing::readVectors("pix.tsv")) {
    if (v["valid"] != "1") continue;
    EXPECT_EQ(scanned(qrPng(qrModules(v["payload"]))), v["payload"]) << "pix.tsv:" << v.line;
    ++checked;
  }
  EXPECT_GT(checked, 0);
}

TEST(PixQr, APayloadBuiltHereScansBackWithItsLowerCaseKeyAndAmount) {
  const std::string payload =
      build({"financeiro@escritorio-exemplo.com.br", "Escritório Exemplo", "São Paulo", Money::fromCentavos(185640), "RG123", ""});
  const std::string read = scanned(qrPng(qrModules(payload), 4, 4));
  EXPECT_EQ(read, payload);
  EXPECT_EQ(parse(read).amount, Money::fromCentavos(185640));
}

TEST(PixQr, TheSvgDrawsEveryDarkModuleAndNamesTheCode) {
  const auto qr = qrModules("00020126");
  std::size_t dark = 0;
  for (bool d : qr.dark) dark += d ? 1 : 0;
  const std::string svg = qrSvg(qr, "QR code <PIX>");
  std::size_t squares = 0;
  for (auto at = svg.find("h1v1h-1z"); at != std::string::npos; at = svg.find("h1v1h-1z", at + 1)) ++squares;
  EXPECT_EQ(squares, dark);
  EXPECT_NE(svg.find("<title>QR code &lt;PIX></title>"), std::string::npos) << svg.substr(0, 200);
}

TEST(PixQr, NoCodeForAnEmptyOrOversizedText) {
  EXPECT_THROW(qrModules(""), std::invalid_argument);
  EXPECT_THROW(qrModules(std::string(8000, 'a')), std::invalid_argument);
}

}  // namespace
}  // namespace regua::pix
