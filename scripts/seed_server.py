#!/usr/bin/env python3
"""A streaming analysis server written to the seed's rules (shared/seeds/000_*.txt), for
streamtop's interoperability tests: FastAPI's StreamingResponse, `data: <json>\\n\\n` and
nothing else on the wire (no ids, no event names), heartbeat events, a final whole-run
progress_update (stage "complete", progress 1.0) and then the end of the response. It also
offers the batch endpoint that the seed names as the fallback: by default it answers with the
run's envelopes in an array.

With --no-streaming it degrades as the seed's servers do when streaming is unavailable: the
stream endpoint answers 503 with a JSON body naming the fallback, and the batch endpoint
answers with the run's final result as one object (see batch_result), folded from the same
events the stream would have sent.

Usage: seed_server.py [--delay SECONDS] [--no-streaming] [--exit-with-stdin]
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
from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import StreamingResponse

app = FastAPI()
DELAY = 0.0
NO_STREAMING = False
BATCH_PATH = "/api/analysis"


def now() -> str:
    return datetime.now(timezone.utc).isoformat()


def analysis_events(competitors: List[str], focus_area: str):
    """The run's events, as the seed's LangGraph nodes emit them: per competitor a stage,
    searches with sources, an insight; whole-run progress rising to 1.0 at the end."""
    steps = len(competitors) * 4
    done = 0
    for index, competitor in enumerate(competitors):
        yield {"type": "stage_started", "data": {"stage": "research_competitor", "competitor": competitor}}
        for i, query in enumerate([f"{competitor} {focus_area} products", f"{competitor} {focus_area} pricing"]):
            yield {"type": "search_started", "data": {"query": query, "progress": done / steps, "competitor": competitor}}
            sources = [{"title": f"{query} result {n}", "url": f"https://example.com/{uuid.uuid4().hex}",
                        "content": "…", "score": 0.9 - n / 10} for n in range(3)]
            yield {"type": "sources_found", "data": {"count": 5, "sources": sources, "competitor": competitor}}
            done += 1
            yield {"type": "heartbeat", "timestamp": now()}
        insight = {"title": f"{competitor}: market position", "summary": f"{competitor} leads in {focus_area}",
                   "confidence": round(0.9 - 0.1 * (index % 5), 2), "category": "market_position"}
        yield {"type": "insight_generated", "data": {"insight": insight, "competitor": competitor}}
        done += 2
        yield {"type": "progress_update", "data": {"stage": "research_competitor", "competitor": competitor,
                                                    "progress": done / steps, "message": "Analyzing competitor product portfolio..."}}
    yield {"type": "progress_update", "data": {"stage": "complete", "progress": 1.0, "message": "Analysis complete"}}


def batch_result(competitors: List[str], focus_area: str, session_id: str, request_id: str):
    """The run's final result as a batch analysis written to the seed's rules returns it,
    folded from the events the stream sends: per competitor a report section with its searches
    (each with its query, the number of sources found and their preview), its source and
    insight counts; the insights with their competitor; the total of sources found."""
    started_at = now()
    sections = {}
    insights = []
    for event in analysis_events(competitors, focus_area):
        data = event.get("data", {})
        if "competitor" not in data:
            continue
        section = sections.setdefault(data["competitor"], {"searches": [], "sources_found": 0, "insights": 0})
        if event["type"] == "search_started":
            section["searches"].append({"query": data["query"], "sources_found": 0, "top_sources": []})
        elif event["type"] == "sources_found":
            search = section["searches"][-1]
            search["sources_found"] += data["count"]
            search["top_sources"] += data["sources"]
            section["sources_found"] += data["count"]
        elif event["type"] == "insight_generated":
            insights.append({**data["insight"], "competitor": data["competitor"]})
            section["insights"] += 1
    searches = sum(len(section["searches"]) for section in sections.values())
    sources = sum(section["sources_found"] for section in sections.values())
    summary = (f"{len(competitors)} competitors analysed for {focus_area}: "
               f"{searches} searches, {sources} sources, {len(insights)} insights")
    return {"session_id": session_id, "request_id": request_id, "status": "completed",
            "competitors": competitors, "focus_area": focus_area,
            "report": {"summary": summary, "competitors": sections},
            "insights": insights, "research_results_count": sources,
            "started_at": started_at, "completed_at": now()}


def envelope(event, session_id, request_id):
    event.setdefault("timestamp", now())
    if event["type"] != "heartbeat":
        event["metadata"] = {"session_id": session_id, "request_id": request_id}
    return event


@app.get("/api/analysis/stream")
async def stream_analysis(request: Request, competitors: List[str] = Query(...), focus_area: str = Query(...)):
    if NO_STREAMING:
        raise HTTPException(status_code=503, detail={"error": "streaming is unavailable", "fallback": BATCH_PATH})

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


@app.get(BATCH_PATH)
async def batch_analysis(competitors: List[str] = Query(...), focus_area: str = Query(...)):
    session_id, request_id = str(uuid.uuid4()), str(uuid.uuid4())
    if NO_STREAMING:
        return batch_result(competitors, focus_area, session_id, request_id)
    return [envelope(event, session_id, request_id) for event in analysis_events(competitors, focus_area)]


def main():
    global DELAY, NO_STREAMING
    parser = argparse.ArgumentParser()
    parser.add_argument("--delay", type=float, default=0.0, help="seconds between events")
    parser.add_argument("--no-streaming", action="store_true",
                        help="answer the stream with 503 naming the fallback; the batch endpoint gives the result object")
    parser.add_argument("--exit-with-stdin", action="store_true", help="exit when standard input closes")
    args = parser.parse_args()
    DELAY = args.delay
    NO_STREAMING = args.no_streaming
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
