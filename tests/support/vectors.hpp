// The public test vectors in ../shared/vectors/*.tsv, read at run time: they come from
// outside this project, so a test that passes on them is evidence. Lines starting with
// '#' are sources and notes; the first other line names the columns.
#pragma once

#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace regua::testing {

struct VectorRow {
  int line = 0;  // in the file, for failure messages
  std::map<std::string, std::string> fields;
  const std::string& operator[](const std::string& column) const { return fields.at(column); }
};

inline std::vector<VectorRow> readVectors(const std::string& file) {
  const std::string path = std::string(REGUA_VECTORS_DIR) + "/" + file;
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path + " (the shared vectors must sit beside the project)");
  std::vector<std::string> columns;
  std::vector<VectorRow> rows;
  std::string text;
  for (int number = 1; std::getline(in, text); ++number) {
    if (text.empty() || text[0] == '#') continue;
    std::vector<std::string> cells;
    std::istringstream split(text);
    for (std::string cell; std::getline(split, cell, '\t');) cells.push_back(cell);
    if (columns.empty()) {
      columns = cells;
      continue;
    }
    if (cells.size() != columns.size()) throw std::runtime_error(path + ":" + std::to_string(number) + ": wrong column count");
    VectorRow row;
    row.line = number;
    for (std::size_t i = 0; i < cells.size(); ++i) row.fields[columns[i]] = cells[i];
    rows.push_back(std::move(row));
  }
  if (rows.empty()) throw std::runtime_error(path + " has no rows");
  return rows;
}

}  // namespace regua::testing
