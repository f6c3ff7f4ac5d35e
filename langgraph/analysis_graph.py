"""The competitive-analysis pipeline as a LangGraph graph, for streamtop's LangGraph Server tests.

    START → plan_queries ─Send per competitor→ research_competitor → analyze_findings
          → synthesize_report → END

Each node reports its progress as the seed's envelopes ({"type", "timestamp", "data",
"metadata": {"session_id", "request_id"}}) through get_stream_writer(), so they arrive as
`custom` events. Everything is deterministic and offline: the search is fake (results derived
from a hash of the query), there is no LLM, and a run takes a few tens of milliseconds.

Input: {"competitors": ["A", "B"], "focus_area": "spinal implants"}.
config["configurable"] (all optional):
  fail_node        a node that raises RuntimeError after it has started: its name, or
                   plan / research / analyze / report. The node first sends the seed's
                   `error` envelope, then raises, so the run ends with LangGraph's error event.
  fail_competitor  with fail_node research: the competitor whose branch fails (default: the
                   first); the other branches go on to their end.
  search_delay     seconds each fake search waits (default 0.005), so parallel branches
                   interleave as real searches would.
Metadata: session_id is the thread's id, request_id the run's.
"""

import asyncio
import hashlib
import operator
from collections import OrderedDict
from datetime import datetime, timezone
from typing import Annotated, Any, TypedDict

from langchain_core.runnables import RunnableConfig
from langgraph.config import get_stream_writer
from langgraph.graph import END, START, StateGraph
from langgraph.types import Send

PLAN = "plan_queries"
RESEARCH = "research_competitor"
ANALYZE = "analyze_findings"
REPORT = "synthesize_report"
ALIASES = {"plan": PLAN, "research": RESEARCH, "analyze": ANALYZE, "analyse": ANALYZE, "report": REPORT}

# Shares of the whole run's progress (they add up to 1).
SHARE_PLAN, SHARE_RESEARCH, SHARE_ANALYZE = 0.05, 0.75, 0.15

QUERY_TEMPLATES = ["{c} {f} strategy", "{c} {f} product launches"]
FINDINGS = [
    "expanded robotic navigation platform rollout",
    "3D-printed implant portfolio launch",
    "reimbursement changes affecting disc replacement",
    "post-market study of minimally invasive fusion",
    "new distribution agreement in Europe",
    "price cuts on pedicle screw systems",
]
SITES = [("news", "medtechdive.example"), ("industry", "orthoworld.example"), ("paper", "pubmed.example")]
CATEGORIES = ["product", "market", "pricing", "regulatory"]


class AnalysisInput(TypedDict, total=False):
    competitors: list[str]
    focus_area: str


class AnalysisState(TypedDict, total=False):
    competitors: list[str]
    focus_area: str
    plans: list[dict]
    research: Annotated[list[dict], operator.add]
    insights: list[dict]
    report: dict


class Research(TypedDict):
    competitor: str
    index: int
    total: int
    queries: list[str]
    focus_area: str


def _digest(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def _slug(text: str) -> str:
    return "-".join("".join(ch if ch.isalnum() else " " for ch in text.lower()).split())


def fake_search(query: str, competitor: str) -> list[dict]:
    """Two or three results, always the same for the same query."""
    seed = _digest(query)
    results = []
    for n in range(2 + seed % 2):
        value = _digest(f"{query}#{n}")
        source_type, site = SITES[value % len(SITES)]
        finding = FINDINGS[(value >> 8) % len(FINDINGS)]
        results.append({
            "title": f"{competitor}: {finding}",
            "url": f"https://{site}/{_slug(competitor)}/{_slug(query)}-{n + 1}",
            "content": f"{competitor} reported {finding}; analysts following '{query}' note a "
                       f"{(value >> 16) % 30 + 1}% change versus the prior period.",
            "score": round(0.3 + ((value >> 24) % 700) / 1000, 4),
            "source_type": source_type,
            "published_date": f"2025-{(value >> 32) % 12 + 1:02d}-{(value >> 40) % 28 + 1:02d}",
        })
    return results


class Progress:
    """The whole run's progress across parallel branches, per run (LangGraph keeps no such
    counter, so the graph does: searches done of all planned searches)."""

    runs: "OrderedDict[str, int]" = OrderedDict()

    @classmethod
    def search_done(cls, run_id: str) -> int:
        cls.runs[run_id] = cls.runs.get(run_id, 0) + 1
        cls.runs.move_to_end(run_id)
        while len(cls.runs) > 256:
            cls.runs.popitem(last=False)
        return cls.runs[run_id]

    @classmethod
    def finish(cls, run_id: str) -> None:
        cls.runs.pop(run_id, None)


class Reporter:
    """Writes the seed's envelopes for one node task."""

    def __init__(self, config: RunnableConfig, stage: str, competitor: str | None = None, index: int = 0):
        configurable = config.get("configurable", {})
        self.configurable = configurable
        self.write = get_stream_writer()
        self.stage = stage
        self.competitor = competitor
        self.run_id = str(configurable.get("run_id", ""))
        self.metadata = {"session_id": str(configurable.get("thread_id", "")), "request_id": self.run_id}
        fail = configurable.get("fail_node")
        target = configurable.get("fail_competitor")
        self.fails = ALIASES.get(fail, fail) == stage and (
            stage != RESEARCH or (competitor == target if target is not None else index == 0))

    def emit(self, kind: str, **data: Any) -> None:
        body = {"stage": self.stage}
        if self.competitor is not None:
            body["competitor"] = self.competitor
        body.update({k: v for k, v in data.items() if v is not None})
        self.write({
            "type": kind,
            "timestamp": datetime.now(timezone.utc).isoformat(),
            "data": body,
            "metadata": self.metadata,
        })

    def fail_here(self, progress: float, what: str) -> None:
        if not self.fails:
            return
        who = f" for {self.competitor}" if self.competitor else ""
        message = f"Simulated failure in {self.stage}{who}: {what}"
        self.emit("error", error=message, error_type="RuntimeError", progress=progress,
                  message=f"{self.stage} failed{who}")
        raise RuntimeError(message)


def _inputs(state: AnalysisState) -> tuple[list[str], str]:
    competitors = [str(c) for c in state.get("competitors") or []]
    return competitors, str(state.get("focus_area") or "the market")


def plan_queries(state: AnalysisState, config: RunnableConfig) -> dict:
    competitors, focus = _inputs(state)
    report = Reporter(config, PLAN)
    report.emit("stage_started", progress=0.0,
                message=f"Planning research for {len(competitors)} competitor(s), focus '{focus}'")
    plans = []
    for i, competitor in enumerate(competitors):
        queries = [t.format(c=competitor, f=focus) for t in QUERY_TEMPLATES]
        plans.append({"competitor": competitor, "queries": queries})
        report.emit("progress_update", competitor=competitor,
                    progress=round(SHARE_PLAN * (i + 1) / len(competitors), 4),
                    message=f"Planned {len(queries)} search queries for {competitor}", queries=queries)
        if i == 0:
            report.fail_here(SHARE_PLAN / len(competitors), "the planner returned no queries")
    report.emit("stage_completed", progress=SHARE_PLAN, message=f"Planned {2 * len(competitors)} searches")
    return {"plans": plans}


def route_after_plan(state: AnalysisState):
    plans = state.get("plans") or []
    if not plans:
        return REPORT
    _, focus = _inputs(state)
    return [Send(RESEARCH, {"competitor": p["competitor"], "index": i, "total": len(plans),
                            "queries": p["queries"], "focus_area": focus})
            for i, p in enumerate(plans)]


async def research_competitor(task: Research, config: RunnableConfig) -> dict:
    competitor, queries = task["competitor"], task["queries"]
    report = Reporter(config, RESEARCH, competitor, task["index"])
    delay = float(report.configurable.get("search_delay", 0.005))
    searches = len(queries) * task["total"]

    def run_progress(done: int) -> float:
        return round(SHARE_PLAN + SHARE_RESEARCH * done / searches, 4)

    report.emit("stage_started", progress=SHARE_PLAN, competitor_progress=0.0, message=f"Researching {competitor}")
    sources = []
    for n, query in enumerate(queries):
        report.emit("search_started", query=query, progress=run_progress(Progress.runs.get(report.run_id, 0)),
                    competitor_progress=round(n / len(queries), 4),
                    message=f"Searching: {query}")
        await asyncio.sleep(delay)
        if n == 1:
            report.fail_here(run_progress(Progress.runs.get(report.run_id, 0)),
                             "upstream search API returned HTTP 429 (quota exceeded)")
        results = fake_search(query, competitor)
        # The state keeps what the analysis needs; the events carry the previews in full.
        sources.extend({"title": r["title"], "url": r["url"], "score": r["score"]} for r in results)
        done = Progress.search_done(report.run_id)
        report.emit("sources_found", query=query, count=len(results), sources=results[:3],
                    progress=run_progress(done), competitor_progress=round((n + 1) / len(queries), 4),
                    message=f"Found {len(results)} sources for '{query}'")
    report.emit("stage_completed", competitor_progress=1.0, message=f"Research on {competitor} done",
                count=len(sources))
    return {"research": [{"competitor": competitor, "sources": sources}]}


def analyze_findings(state: AnalysisState, config: RunnableConfig) -> dict:
    _, focus = _inputs(state)
    research = state.get("research") or []
    report = Reporter(config, ANALYZE)
    start = round(SHARE_PLAN + SHARE_RESEARCH, 4)
    report.emit("stage_started", progress=start, message=f"Analysing {len(research)} competitor(s)")
    insights = []
    for i, found in enumerate(research):
        competitor, sources = found["competitor"], found["sources"]
        best = max(sources, key=lambda s: s["score"]) if sources else None
        value = _digest(f"{competitor}|{focus}")
        insight = {
            "title": f"{competitor}: {best['title'].split(': ', 1)[1] if best else 'no signal'}",
            "summary": f"{competitor} is moving on {focus}: {len(sources)} sources, the strongest "
                       f"reporting {best['title'].split(': ', 1)[1] if best else 'nothing'}.",
            "category": CATEGORIES[value % len(CATEGORIES)],
            "confidence": round(0.5 + (value >> 8) % 450 / 1000, 3),
            "competitor": competitor,
            "sources": [s["url"] for s in sources[:2]],
        }
        insights.append(insight)
        progress = round(start + SHARE_ANALYZE * (i + 1) / len(research), 4)
        report.emit("insight_generated", competitor=competitor, insight=insight, progress=progress,
                    message=f"Insight on {competitor}")
        if i == 0:
            report.fail_here(progress, "the findings could not be scored")
    report.emit("stage_completed", progress=round(start + SHARE_ANALYZE, 4), message=f"{len(insights)} insight(s)")
    return {"insights": insights}


def synthesize_report(state: AnalysisState, config: RunnableConfig) -> dict:
    competitors, focus = _inputs(state)
    insights = state.get("insights") or []
    report = Reporter(config, REPORT)
    start = round(SHARE_PLAN + SHARE_RESEARCH + SHARE_ANALYZE, 4)
    report.emit("stage_started", progress=start, message="Writing the report")
    report.fail_here(start, "the report template is missing")
    sources = sum(len(r["sources"]) for r in state.get("research") or [])
    summary = (f"Analysed {len(competitors)} competitor(s) on {focus}: {sources} sources, "
               f"{len(insights)} insight(s).")
    document = {"focus_area": focus, "competitors": competitors,
                "insights": [{"competitor": i["competitor"], "title": i["title"]} for i in insights]}
    report.emit("stage_completed", progress=1.0, message="Report written")
    report.emit("analysis_completed", progress=1.0, summary=summary, report=document)
    Progress.finish(report.run_id)
    return {"report": {"summary": summary, **document}}


builder = StateGraph(AnalysisState, input_schema=AnalysisInput)
builder.add_node(PLAN, plan_queries)
builder.add_node(RESEARCH, research_competitor)
builder.add_node(ANALYZE, analyze_findings)
builder.add_node(REPORT, synthesize_report)
builder.add_edge(START, PLAN)
builder.add_conditional_edges(PLAN, route_after_plan, [RESEARCH, REPORT])
builder.add_edge(RESEARCH, ANALYZE)
builder.add_edge(ANALYZE, REPORT)
builder.add_edge(REPORT, END)
graph = builder.compile()
