// A client of the office (the debtor), as the store keeps it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <regua/value.hpp>

#include "domain/document.hpp"

namespace regua::domain {

// One way to reach the client. The payment contact is who handles the bills (the
// secretary, the finance department, the owner), which may not be the client.
struct Contact {
  std::string channel;  // "email", "sms", "whatsapp" or "phone"
  std::string address;  // e-mail address or phone number
  std::string name;     // may be empty
  std::string role;     // "secretaria", "financeiro", "sócio", ...; may be empty
  bool paymentContact = false;
  bool optedOut = false;  // the person asked not to be contacted at this address, on any channel (LGPD)
  std::string owner;      // the person in the office who deals with this contact; may be empty
  bool bounced = false;   // the channel's server refused this address: not used again on this channel
};

struct ImportantDate {
  std::string label;  // "aniversario", "fundacao", ...
  Date date;
};

struct Client {
  std::int64_t id = 0;             // the store's id; 0 until saved
  std::string source = "manual";   // where it came from (a connector's name)
  std::string externalId;          // its id there
  std::string name;
  std::string document;            // as given; the store validates and normalizes it
  PartyKind kind = PartyKind::kPerson;  // derived from the document when saved
  std::string preferredChannel;    // "email", "sms", "whatsapp"; empty = policy default
  std::vector<std::string> optedOutChannels;  // channels the client refused entirely
  std::string responsible;         // login or e-mail of the person in the office
  std::vector<Contact> contacts;
  std::optional<Date> clientSince;
  std::vector<ImportantDate> importantDates;
  std::string segment;
  std::vector<std::string> tags;
  std::optional<Date> pausedUntil;  // no collection action before this day
  Money credit;                    // overpayments kept for the client (never negative)
};

}  // namespace regua::domain
