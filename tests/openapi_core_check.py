"""Validates the seed crate's generated server against the exported OpenAPI documents with an
independent validator, openapi-core (PyPI): every request a client of the spec may send, and
every answer the server gives, as recorded by the `server-exchanges` program.

    python3 tests/openapi_core_check.py EXCHANGES.json

Exit code 1, with every failure listed, when an answer does not validate (or a request the
server answered as valid does not); 0 otherwise.
"""

import json
import sys
from pathlib import Path
from urllib.parse import parse_qsl

from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = {
    name: OpenAPI.from_dict(json.loads((ROOT / "spec" / "openapi" / f"{name}.json").read_text()))
    for name in ("gateways", "integration-runtimes")
}
HOST = "https://management.azure.com"


def content_type(headers):
    return headers.get("content-type", "application/json").split(";")[0]


def check(exchange):
    sent, answered = exchange["request"], exchange["response"]
    headers = dict(sent["headers"], authorization="Bearer token")
    request = MockRequest(
        HOST,
        sent["method"].lower(),
        sent["path"],
        args=dict(parse_qsl(sent["query"])),
        data=sent["body"].encode() or None,
        headers=headers,
        content_type=content_type(sent["headers"]),
    )
    response = MockResponse(
        answered["body"].encode(),
        status_code=answered["status"],
        headers=answered["headers"],
        content_type=content_type(answered["headers"]),
    )
    document = next(
        (document for name, document in DOCUMENTS.items() if exchange["operation"].split("_")[0].lower() in name.replace("-", "")),
        None,
    )
    if document is None:
        return [f"no document has the operation {exchange['operation']}"]
    failures = []
    if 200 <= answered["status"] < 300:
        try:
            document.validate_request(request)
        except Exception as error:  # the validator's own error types
            failures.append(f"the request the server took does not validate: {error!r}: {error.__cause__!r}")
    try:
        document.validate_response(request, response)
    except Exception as error:
        failures.append(f"the answer does not validate: {error!r}: {error.__cause__!r}")
    return failures


def main():
    exchanges = json.loads(Path(sys.argv[1]).read_text())
    failed = 0
    for exchange in exchanges:
        status = exchange["response"]["status"]
        failures = check(exchange)
        verdict = "ok" if not failures else "FAILED"
        print(f"{verdict:6} {exchange['operation']} {exchange['request']['method']} -> {status}")
        for failure in failures:
            print(f"       {failure}")
        failed += bool(failures)
    print(f"{len(exchanges) - failed} of {len(exchanges)} exchanges validate")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
