"""The seed's client loop (requests' iter_lines() + json.loads, as in its Streamlit
front end) run over a recorded SSE capture, for scripts/bench to compare against.

Usage: python3 scripts/seed_client_loop.py FILE  ->  prints the number of events handled.
"""
import json
import sys


def process_stream_event(event, counts):
    # The seed dispatches on the type and updates a placeholder; counting stands in for that.
    event_type = event.get("type")
    counts[event_type] = counts.get(event_type, 0) + 1


def main(path):
    counts = {}
    with open(path, "rb") as stream:
        for line in stream:
            line = line.rstrip(b"\r\n")
            if line:
                try:
                    if line.startswith(b"data: "):
                        event_data = json.loads(line[6:])
                        process_stream_event(event_data, counts)
                except json.JSONDecodeError:
                    continue
    print(sum(counts.values()))


if __name__ == "__main__":
    main(sys.argv[1])
