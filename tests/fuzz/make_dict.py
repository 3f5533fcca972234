"""Prints a libFuzzer dictionary for fuzz_loader: every property name and
enum value in scenarios/schema/scenario.schema.json, plus JSON punctuation,
so mutations speak the scenario language.

    python tests/fuzz/make_dict.py > build/fuzz/scenario.dict
"""
import json
import pathlib

SCHEMA = pathlib.Path(__file__).resolve().parents[2] / "scenarios" / "schema" / "scenario.schema.json"


def walk(node, words):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                words.update(f'"{name}":' for name in value)
            if key == "enum" and isinstance(value, list):
                words.update(json.dumps(v) for v in value if isinstance(v, str))
            walk(value, words)
    elif isinstance(node, list):
        for item in node:
            walk(item, words)


def main():
    words = {"{", "}", "[", "]", ",", ":", "null", "true", "false", "-1", "0", "1e308", "1e-308",
             '"2026-01-01"', '"2026-02-30"', '"extends"', '"/sites/0"', '"\\u0000"'}
    walk(json.loads(SCHEMA.read_text()), words)
    for i, w in enumerate(sorted(words)):
        print(f"kw{i}={json.dumps(w)}")


if __name__ == "__main__":
    main()
