#!/usr/bin/env python3
"""Keeps the error-code catalogue's copies in step with src/core/error_codes.cpp.

- docs/openapi.yaml: rewrites the enum of components/schemas/ErrorCode
  (between "# BEGIN error codes" and "# END error codes"), one line per code
  with its parameters and English template as a comment.
- web/src/i18n/errors/en.json: the English templates, as the server renders them.
- web/src/i18n/errors/zh-CN.json: left to people; codes without a Chinese text
  are listed and the script exits 1 (tests fail on them too).

Run it after adding or changing a code:  scripts/sync-error-codes.py
"""
import json
import pathlib
import re
import sys

root = pathlib.Path(__file__).resolve().parent.parent
src = (root / "src/core/error_codes.cpp").read_text()
row = re.compile(r'\{"([a-z0-9_]+)",\s*K::(\w+),\s*"([^"]*)",\s*((?:"(?:[^"\\]|\\.)*"\s*)+)\}')
codes = []
for m in row.finditer(src):
    en = "".join(json.loads(part) for part in re.findall(r'"(?:[^"\\]|\\.)*"', m.group(4)))
    params = [p for p in m.group(3).split(",") if p]
    codes.append((m.group(1), m.group(2), params, en))
names = [c[0] for c in codes]
dupes = {n for n in names if names.count(n) > 1}
if dupes:
    sys.exit(f"duplicate codes in error_codes.cpp: {sorted(dupes)}")
for code, _, params, en in codes:
    used = set(re.findall(r"\{(\w+)\}", en))
    if not used <= set(params):
        sys.exit(f"{code}: the template names {sorted(used - set(params))} but the code's params are {params}")
    if re.search(r"[{}]", re.sub(r"\{\w+\}", "", en)) or "|" in en or "@" in en:
        sys.exit(f"{code}: the template may not hold literal braces, | or @ (vue-i18n syntax)")

doc = root / "docs/openapi.yaml"
text = doc.read_text()
begin, end = "        # BEGIN error codes\n", "        # END error codes\n"
lines = []
for code, kind, params, en in codes:
    p = f" {{{', '.join(params)}}}" if params else ""
    lines.append(f"        - {code}  # {kind}{p}: {en}\n")
i, j = text.index(begin), text.index(end)
text = text[: i + len(begin)] + "".join(lines) + text[j:]
doc.write_text(text)

en_file = root / "web/src/i18n/errors/en.json"
# Prefixes for errors found at a place in an uploaded file (params line/row, column).
en = {"_at_line_column": "line {line}, column {column}: ", "_at_row_column": "row {row}, column {column}: "}
en.update({c: e for c, _, _, e in codes})
en_file.write_text(json.dumps(en, ensure_ascii=False, indent=2) + "\n")

zh_file = root / "web/src/i18n/errors/zh-CN.json"
zh = json.loads(zh_file.read_text()) if zh_file.exists() else {}
missing = [c for c in names if c not in zh]
extra = [c for c in zh if c not in names and not c.startswith("_")]
ordered = {k: v for k, v in zh.items() if k.startswith("_")}
ordered.update({c: zh[c] for c in names if c in zh})
zh_file.write_text(json.dumps(ordered, ensure_ascii=False, indent=2) + "\n")
if extra:
    print("zh-CN.json: dropped codes no longer in the catalogue:", ", ".join(extra))
if missing:
    print("zh-CN.json lacks a translation for:", ", ".join(missing))
    sys.exit(1)
print(f"{len(codes)} error codes in step")
