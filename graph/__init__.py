"""The supervisor graph, its run state and context, and the composition root that builds the agent system."""
