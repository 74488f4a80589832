"""Benchmark of the assistant against a stock Rasa 3.6 assistant: `python -m bench` (`make bench`)."""
