// Writes CNAB 240 retorno files field by field at the columns of FEBRABAN's layout (bank
// 001, one batch of segments T and U), for the reader's tests and the end-to-end imports.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace regua::testing::cnab240 {

// A 240-column record, blank, with fields put at their 1-based columns.
class Line {
 public:
  Line& at(int from, std::string_view value) {
    text_.replace(static_cast<std::size_t>(from - 1), value.size(), value);
    return *this;
  }
  Line& number(int from, int to, long long value) {
    std::string digits = std::to_string(value);
    digits.insert(0, static_cast<std::size_t>(to - from + 1) - digits.size(), '0');
    return at(from, digits);
  }
  const std::string& text() const { return text_; }

 private:
  std::string text_ = std::string(240, ' ');
};

struct Title {
  std::string movement, nossoNumero, document;  // document: the office's "seu número"
  long long face, paid, charges, fee;            // centavos
  std::string occurred, credited;                // DDMMAAAA
  std::string reasons = "";                      // the bank's motivos (rejections)
  long long discount = 0;
};

// A retorno from bank 001 with `titles` (T and U each), in batches of at most 49,999
// titles (the record number in a batch has 5 digits).
inline std::vector<std::string> retorno(const std::vector<Title>& titles, std::string_view generated = "24112026") {
  constexpr std::size_t kPerBatch = 49999;
  std::vector<std::string> lines;
  lines.push_back(Line().at(1, "001").at(4, "0000").at(8, "0").at(73, "ESCRITORIO CONTABIL EXEMPLO")
                      .at(103, "BANCO EXEMPLO").at(143, "2").at(144, generated).number(158, 163, 42).text());
  long long batches = 0;
  for (std::size_t first = 0; first == 0 || first < titles.size(); first += kPerBatch) {
    const std::string n = std::to_string(++batches);
    const std::string batch = std::string(4 - n.size(), '0') + n;
    lines.push_back(Line().at(1, "001").at(4, batch).at(8, "1").at(9, "T").text());
    int sequence = 0;
    const std::size_t last = std::min(titles.size(), first + kPerBatch);
    for (std::size_t i = first; i < last; ++i) {
      const auto& t = titles[i];
      lines.push_back(Line().at(1, "001").at(4, batch).at(8, "3").number(9, 13, ++sequence).at(14, "T")
                          .at(16, t.movement).at(38, t.nossoNumero).at(59, t.document).at(74, "20112026")
                          .number(82, 96, t.face).at(133, "1").at(134, "00052998224725").at(149, "ANA LIMA")
                          .number(199, 213, t.fee).at(214, t.reasons).text());
      lines.push_back(Line().at(1, "001").at(4, batch).at(8, "3").number(9, 13, ++sequence).at(14, "U")
                          .at(16, t.movement).number(18, 32, t.charges).number(33, 47, t.discount)
                          .number(78, 92, t.paid).number(93, 107, t.paid - t.fee).at(138, t.occurred)
                          .at(146, t.credited).text());
    }
    lines.push_back(Line().at(1, "001").at(4, batch).at(8, "5").number(18, 23, 2 + 2 * static_cast<long long>(last - first)).text());
  }
  lines.push_back(Line().at(1, "001").at(4, "9999").at(8, "9").number(18, 23, batches)
                      .number(24, 29, static_cast<long long>(lines.size()) + 1).text());
  return lines;
}

inline std::string join(const std::vector<std::string>& lines, const std::string& eol = "\r\n") {
  std::string out;
  for (const auto& l : lines) out += l + eol;
  return out;
}

}  // namespace regua::testing::cnab240
