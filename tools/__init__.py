"""Developer tooling: running the services, evaluating the NLU, benchmarks."""
