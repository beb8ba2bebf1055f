"""The process itself, below every layer that runs in it: the garbage collector's pauses."""
