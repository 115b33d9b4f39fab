"""Running real Relayboard processes and a real OTLP receiver, for benchmarks and end-to-end tests."""
