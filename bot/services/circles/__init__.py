"""Group circles: creating them, joining, sessions on a schedule, talking, facilitation."""
