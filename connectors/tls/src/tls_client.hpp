// The trust policy of every TLS connection a connector opens: the server's certificate
// must chain to the system's CAs (Debian's ca-certificates) or to the connector's own
// `ca_file` (a private CA or a self-signed server), and must name the host the
// connector was configured with — OpenSSL's RFC 6125 check inside the handshake, not
// Poco's, which accepts an IP whenever some name in the certificate resolves to it.
// There is no switch to turn checking off: a server that cannot be trusted is a
// configuration problem the operator fixes with ca_file or the host name.
//
// regua.yaml, in the connector's config section:
//   ca_file: /etc/regua/ca-do-servidor.pem   # optional, PEM
#pragma once

#include <string>

#include <Poco/Exception.h>
#include <Poco/Net/Context.h>

#include <regua/plugin.hpp>

namespace regua::tls {

// A client context for this connector's config section, for connections to `server`
// (a DNS name or an IP address; a connector talks to one server). Throws
// regua::ConfigError when ca_file is missing or is not a PEM certificate.
Poco::Net::Context::Ptr clientContext(const regua::Host& host, const std::string& server);

// True when `e` is a refused server certificate (untrusted chain, expired, another
// name): retrying will not help, the configuration must change.
bool isCertificateRefused(const Poco::Exception& e);

// The line an operator reads for a refused certificate of `server`.
std::string certificateRefusedMessage(const std::string& server, const Poco::Exception& e);

}  // namespace regua::tls
