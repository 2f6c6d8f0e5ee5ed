#include "tls_client.hpp"

#include <filesystem>

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <Poco/Net/IPAddress.h>
#include <Poco/Net/SSLException.h>

namespace regua::tls {

Poco::Net::Context::Ptr clientContext(const regua::Host& host, const std::string& server) {
  const std::string caFile(host.configOr("ca_file", ""));
  if (!caFile.empty() && !std::filesystem::is_regular_file(caFile)) {
    throw regua::ConfigError("ca_file: '" + caFile + "' não existe ou não é um arquivo; aponte para o certificado PEM da CA");
  }
  Poco::Net::Context::Ptr context;
  try {
    // VERIFY_RELAXED on a client is OpenSSL's SSL_VERIFY_PEER: the handshake fails on a
    // certificate that does not chain to a trusted CA.
    context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, caFile, Poco::Net::Context::VERIFY_RELAXED, 9,
                                     /*loadDefaultCAs=*/true);
  } catch (const Poco::Exception& e) {
    throw regua::ConfigError("ca_file: '" + caFile + "' não é um certificado PEM válido (" + e.displayText() + ")");
  }
  X509_VERIFY_PARAM* verify = SSL_CTX_get0_param(context->sslContext());
  Poco::Net::IPAddress ip;
  const bool set = Poco::Net::IPAddress::tryParse(server, ip) ? X509_VERIFY_PARAM_set1_ip_asc(verify, server.c_str())
                                                               : X509_VERIFY_PARAM_set1_host(verify, server.c_str(), 0);
  if (!set) throw regua::ConfigError("'" + server + "' não é um nome de servidor válido");
  context->enableExtendedCertificateVerification(false);  // OpenSSL checked the name already
  return context;
}

bool isCertificateRefused(const Poco::Exception& e) {
  if (dynamic_cast<const Poco::Net::CertificateValidationException*>(&e) != nullptr) return true;
  // OpenSSL's own chain check fails inside the handshake and reaches us as an SSLException.
  return dynamic_cast<const Poco::Net::SSLException*>(&e) != nullptr &&
         e.displayText().find("certificate verify failed") != std::string::npos;
}

std::string certificateRefusedMessage(const std::string& server, const Poco::Exception& e) {
  return "o certificado TLS de " + server + " não é confiável (" + e.displayText() +
         "); confira o nome do servidor ou aponte ca_file para a CA que o assinou";
}

}  // namespace regua::tls
