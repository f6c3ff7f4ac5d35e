/// The virtual node a run starts from: its edges choose the first step's nodes.
public let START = "__start__"

/// The virtual node that ends a branch: a route to it schedules nothing.
public let END = "__end__"
