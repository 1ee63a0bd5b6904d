// Open311 GeoReport v2 on the wire (http://wiki.open311.org/GeoReport_v2):
// the documents of api/open311_routes.cpp in JSON or XML, chosen by the
// path's extension (.json, .xml), and the parsing of what clients send (the
// POST form, the GET requests query). Pure: no database, no service.
//
// Documents, JSON / XML (root and item elements):
//   service list        [{service_code, service_name, description, metadata,
//                        type, keywords, group}]          <services><service>
//   service definition  {service_code, attributes: []}    <service_definition>
//   POST receipt        [{service_request_id, service_notice, account_id}]
//                                                         <service_requests><request>
//   requests            [{service_request_id, status, status_notes,
//                        service_name, service_code, description,
//                        agency_responsible, service_notice,
//                        requested_datetime, updated_datetime,
//                        expected_datetime, address, address_id, zipcode,
//                        lat, long, media_url}]           <service_requests><request>
//   errors              [{code, description}]             <errors><error>
// Every field is always present: JSON null / an empty XML element when
// there is no value. Numbers (ids, lat/long) are plain decimals. XML is
// written by pugixml (escaped), UTF-8 with its declaration; content types
// application/json and text/xml (charset=utf-8). Every answer allows any
// origin to read it (Access-Control-Allow-Origin: *): the API is public and
// takes no cookies.
//
// Errors become the spec's error list in open311_errors(), the one place an
// Error turns into an Open311 answer (as api/problem.h is for the rest of
// the API): the status is the error's (api::status_for), but 400 for every
// invalid request (GeoReport knows no 422); one entry per field error
// ("lat: must be a number"), else one with the error's client message; a
// 429 carries Retry-After.
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/open311_service.h"
#include "core/error.h"
#include "http/message.h"

namespace lantian::api {

enum class Open311Format { json, xml };
// "json" / "xml" (the extension without its dot); nullopt for any other.
std::optional<Open311Format> open311_format(std::string_view extension);
// The format a path asks for by its extension: xml for "….xml", else json
// (what an error answer uses when the format itself is wrong).
Open311Format open311_format_of_path(std::string_view path);

http::Response open311_services(Open311Format f, const std::vector<app::Open311ServiceInfo>& services);
http::Response open311_service_definition(Open311Format f, const app::Open311ServiceInfo& service);
http::Response open311_receipt(Open311Format f, const app::Open311Receipt& receipt);
http::Response open311_requests(Open311Format f, const std::vector<app::Open311Request>& requests);
http::Response open311_errors(Open311Format f, const Error& e);

// The POST form (application/x-www-form-urlencoded): the GeoReport
// parameters by name ("long" for the longitude; jurisdiction_id, address_id
// and attribute[…] are read and ignored). Line breaks and tabs are kept
// (descriptions have paragraphs). Errors: bad_form_encoding (a bad escape,
// invalid UTF-8, another control character).
Result<app::Open311Submission> parse_open311_form(std::string_view body);
// GET requests' query: service_request_id (comma-separated ids), service_code
// (comma-separated), start_date and end_date (W3C date-times; a '+' of the
// zone that arrived as a space is taken as '+'), status (comma-separated).
// Errors: bad_query_encoding, query_not_integer, query_not_date.
Result<app::Open311Query> parse_open311_query(std::string_view query);

}  // namespace lantian::api
