// Counts in the words people read: "1 pagamento novo", "2 pagamentos novos".
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace regua {

// `n` followed by `singular` when n is 1 and by `plural` otherwise (0 takes the plural
// in Portuguese: "0 tarefas").
std::string counted(std::size_t n, std::string_view singular, std::string_view plural);

}  // namespace regua
