"""Expands the path-level `servers` of Baton's OpenAPI document for scripts/contract.sh.

The document writes each Client Failover and access-control operation once, on a path such as
`/clientfailover/groups` whose `servers` are the three bases it is served under
(`/api/v1/tenants/{tenantId}/namespaces/{namespaceId}`, `/api/v1-preview/…`, `/api/v1`).
schemathesis tests an operation only under the first server of its path, and with its
server variables fixed to their defaults. So that every base is fuzzed, with `tenantId` and
`namespaceId` as real path parameters, this writes the same document with each such path
item copied once per server: the path prefixed with the server's path, the server's
variables added as the path parameters of that name in `components/parameters`, and the
operationIds suffixed `_1`, `_2`, … to stay unique. Nothing else changes.

    python3 expand_servers.py openapi.yaml expanded.json
"""
import copy
import json
import re
import sys

import yaml

METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
VARIABLE = re.compile(r"\{([^}/]+)\}")


def base_path(url: str) -> str:
    """`/api/v1` of `/api/v1/`, `` of `http://127.0.0.1:5590`."""
    if "://" in url:
        rest = url.split("://", 1)[1]
        url = rest[rest.index("/"):] if "/" in rest else ""
    return url.rstrip("/")


def expand(document: dict) -> dict:
    parameters = document.get("components", {}).get("parameters", {})
    paths = {}

    def add(path: str, item: dict) -> None:
        if path in paths:
            sys.exit(f"expand_servers.py: two path items expand to {path}")
        paths[path] = item

    for path, item in document["paths"].items():
        for method in METHODS:
            if "servers" in item.get(method, {}):
                sys.exit(f"expand_servers.py: {method} {path}: operation-level servers are not supported")
        servers = item.get("servers")
        if not servers:
            add(path, item)
            continue
        for index, server in enumerate(servers, start=1):
            copied = copy.deepcopy(item)
            del copied["servers"]
            added = []
            for name in VARIABLE.findall(server["url"]):
                if parameters.get(name, {}).get("in") != "path":
                    sys.exit(f"expand_servers.py: {path}: server variable {name} has no path parameter in components")
                added.append({"$ref": f"#/components/parameters/{name}"})
            if added:
                copied["parameters"] = added + copied.get("parameters", [])
            for method in METHODS:
                if method in copied and "operationId" in copied[method]:
                    copied[method]["operationId"] += f"_{index}"
            add(base_path(server["url"]) + path, copied)
    expanded = dict(document)
    expanded["paths"] = paths
    return expanded


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit("usage: expand_servers.py DOCUMENT.yaml OUTPUT.json")
    with open(sys.argv[1], encoding="utf-8") as source:
        document = yaml.safe_load(source)
    with open(sys.argv[2], "w", encoding="utf-8") as target:
        # JSON: what YAML reads as a date or an integer key is written as text.
        json.dump(expand(document), target, ensure_ascii=False, indent=1, default=str)


if __name__ == "__main__":
    main()
