#!/usr/bin/env python3
"""A streaming analysis server written to the seed's rules (shared/seeds/000_*.txt), for
streamtop's interoperability tests: FastAPI's StreamingResponse, `data: <json>\\n\\n` and
nothing else on the wire (no ids, no event names), heartbeat events, a final whole-run
progress_update (stage "complete", progress 1.0) and then the end of the response. It also
offers the batch endpoint that the seed names as the fallback.

Usage: seed_server.py [--delay SECONDS] [--exit-with-stdin]
Binds 127.0.0.1 on a free port and prints the port. With --exit-with-stdin it also exits when
its standard input closes, so that a test that dies never leaves it running.
"""
import argparse
import asyncio
import json
import os
import signal
import socket
import sys
import threading
import uuid
from datetime import datetime, timezone
from typing import List

import uvicorn
from fastapi import FastAPI, Query, Request
from fastapi.responses import StreamingResponse

app = FastAPI()
DELAY = 0.0


def now() -> str:
    return datetime.now(timezone.utc).isoformat()


def analysis_events(competitors: List[str], focus_area: str):
    """The run's events, as the seed's LangGraph nodes emit them: per competitor a stage,
    searches with sources, an insight; whole-run progress rising to 1.0 at the end."""
    steps = len(competitors) * 4
    done = 0
    for competitor in competitors:
        yield {"type": "stage_started", "data": {"stage": "research_competitor", "competitor": competitor}}
        for i, query in enumerate([f"{competitor} {focus_area} products", f"{competitor} {focus_area} pricing"]):
            yield {"type": "search_started", "data": {"query": query, "progress": done / steps, "competitor": competitor}}
            sources = [{"title": f"{query} result {n}", "url": f"https://example.com/{uuid.uuid4().hex}",
                        "content": "…", "score": 0.9 - n / 10} for n in range(3)]
            yield {"type": "sources_found", "data": {"count": 5, "sources": sources, "competitor": competitor}}
            done += 1
            yield {"type": "heartbeat", "timestamp": now()}
        yield {"type": "insight_generated",
               "data": {"insight": f"{competitor} leads in {focus_area}", "competitor": competitor}}
        done += 2
        yield {"type": "progress_update", "data": {"stage": "research_competitor", "competitor": competitor,
                                                    "progress": done / steps, "message": "Analyzing competitor product portfolio..."}}
    yield {"type": "progress_update", "data": {"stage": "complete", "progress": 1.0, "message": "Analysis complete"}}


def envelope(event, session_id, request_id):
    event.setdefault("timestamp", now())
    if event["type"] != "heartbeat":
        event["metadata"] = {"session_id": session_id, "request_id": request_id}
    return event


@app.get("/api/analysis/stream")
async def stream_analysis(request: Request, competitors: List[str] = Query(...), focus_area: str = Query(...)):
    async def generate_stream():
        try:
            session_id, request_id = str(uuid.uuid4()), str(uuid.uuid4())
            for event in analysis_events(competitors, focus_area):
                yield f"data: {json.dumps(envelope(event, session_id, request_id))}\n\n"
                if await request.is_disconnected():
                    break
                await asyncio.sleep(DELAY)
        except Exception as e:
            error_event = {"type": "error", "data": {"error": str(e)}, "timestamp": now()}
            yield f"data: {json.dumps(error_event)}\n\n"

    return StreamingResponse(generate_stream(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "Connection": "keep-alive",
                                      "Access-Control-Allow-Origin": "*"})


@app.get("/api/analysis")
async def batch_analysis(competitors: List[str] = Query(...), focus_area: str = Query(...)):
    session_id, request_id = str(uuid.uuid4()), str(uuid.uuid4())
    return [envelope(event, session_id, request_id) for event in analysis_events(competitors, focus_area)]


def main():
    global DELAY
    parser = argparse.ArgumentParser()
    parser.add_argument("--delay", type=float, default=0.0, help="seconds between events")
    parser.add_argument("--exit-with-stdin", action="store_true", help="exit when standard input closes")
    args = parser.parse_args()
    DELAY = args.delay
    # A parent may have spawned us with these blocked; stopping must work all the same.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    if args.exit_with_stdin:
        threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    # Listening before the port is printed: a client that connects at once waits in the backlog.
    sock.listen(128)
    print(sock.getsockname()[1], flush=True)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    server.run(sockets=[sock])


if __name__ == "__main__":
    sys.exit(main())
