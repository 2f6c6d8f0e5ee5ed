#include "http/problem.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "common/json_text.hpp"

namespace regua::http {

std::string statusTitle(int status) {
  switch (status) {
    case 400: return "Requisição inválida";
    case 401: return "Não autenticado";
    case 403: return "Sem permissão";
    case 404: return "Não encontrado";
    case 405: return "Método não permitido";
    case 408: return "Tempo esgotado";
    case 409: return "Conflito";
    case 413: return "Corpo grande demais";
    case 415: return "Tipo de conteúdo não aceito";
    case 422: return "Dados inválidos";
    case 431: return "Cabeçalho grande demais";
    case 503: return "Indisponível";
    default: return status >= 500 ? "Erro interno" : "Erro";
  }
}

Response problem(int status, const std::string& detail, const std::string& kind,
                 const std::vector<FieldProblem>& errors) {
  Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
  body.set("type", kind.empty() ? std::string("about:blank") : "/api/v1/problemas#" + kind);
  body.set("title", statusTitle(status));
  body.set("status", status);
  body.set("detail", detail);
  if (!errors.empty()) {
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    for (const auto& e : errors) {
      Poco::JSON::Object::Ptr item = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
      item->set("pointer", e.pointer);
      item->set("detail", e.detail);
      list->add(item);
    }
    body.set("errors", list);
  }
  Response response;
  response.status = status;
  response.contentType = "application/problem+json; charset=utf-8";
  response.body = jsonText(body);
  return response;
}

}  // namespace regua::http
