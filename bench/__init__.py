"""The performance benchmark: our bot against a naive baseline, on loopback fakes (`python -m bench.run`)."""
