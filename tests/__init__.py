"""The course kit's test suites."""
