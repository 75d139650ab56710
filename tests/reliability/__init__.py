"""Reliability and security suites: bad inputs, injected faults and attack probes."""
