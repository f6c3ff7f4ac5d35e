"""The orjson peer of scripts/bench: the seed's loop with orjson in place of json, and no state
at all — what a user with orjson gets in ten lines. streamtop must beat it (issue 13).

Usage: bench-data/venv/bin/python scripts/orjson_loop.py FILE  ->  prints the events parsed.
"""
import sys

import orjson


def main(path):
    events = 0
    with open(path, "rb") as stream:
        for line in stream:
            if line.startswith(b"data: "):
                try:
                    orjson.loads(line[6:])
                    events += 1
                except orjson.JSONDecodeError:
                    continue
    print(events)


if __name__ == "__main__":
    main(sys.argv[1])
