"""Coordination: the coordinators' commands, lists, pairs and people, reassignment, notes,
figures."""
