"""A small chat-style graph for streamtop's LangGraph Server tests: no envelopes, just what
LangGraph itself streams.

    START ─Send ×3→ worker → summarize → confirm → END

- `worker` runs three times in one superstep (a `Send` fan-out), each task adding its result
  to `results` (an `operator.add` key, so the three writes merge in task order).
- `summarize` calls langchain-core's GenericFakeChatModel, which streams its fixed reply token
  by token (`messages` / `messages-tuple` mode).
- `confirm` calls `interrupt({"question": ...})`: the run stops there, the thread reads
  `interrupted`, and a run with `command: {"resume": VALUE}` on the same thread re-runs
  `confirm`, where `interrupt()` returns VALUE, which goes into `answer`.

Deterministic and offline. Input: {"topic": "..."} (optional).
"""

import operator
from typing import Annotated, TypedDict

from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, HumanMessage
from langgraph.graph import END, START, StateGraph
from langgraph.graph.message import add_messages
from langgraph.types import Send, interrupt

TASKS = 3
REPLY = "Three tasks done."
QUESTION = "Publish the summary?"


class ChatState(TypedDict, total=False):
    topic: str
    results: Annotated[list[str], operator.add]
    messages: Annotated[list, add_messages]
    answer: str


class Task(TypedDict):
    topic: str
    index: int


def fan_out(state: ChatState):
    topic = state.get("topic") or "spine"
    return [Send("worker", {"topic": topic, "index": i}) for i in range(TASKS)]


def worker(task: Task) -> dict:
    return {"results": [f"task {task['index']}: {task['topic']}"]}


async def summarize(state: ChatState) -> dict:
    # A new model per call: its reply iterator is used up by one answer.
    model = GenericFakeChatModel(messages=iter([AIMessage(content=REPLY)]))
    prompt = HumanMessage(content=f"Summarise: {'; '.join(state.get('results') or [])}")
    reply = await model.ainvoke([prompt])
    return {"messages": [reply]}


def confirm(state: ChatState) -> dict:
    answer = interrupt({"question": QUESTION})
    return {"answer": f"{answer}: {len(state.get('results') or [])} results published"}


builder = StateGraph(ChatState)
builder.add_node("worker", worker)
builder.add_node("summarize", summarize)
builder.add_node("confirm", confirm)
builder.add_conditional_edges(START, fan_out, ["worker"])
builder.add_edge("worker", "summarize")
builder.add_edge("summarize", "confirm")
builder.add_edge("confirm", END)
graph = builder.compile()
