"""Performance harness: each module prints one JSON object. Not part of the test suite."""
