"""Follow-up: check-ins, agreeing on a time to talk, silent pairs and long waits, retention
purges."""
