"""The coordinators' dashboard: one module per page (now, pairs, peers, figures) and the
actions its buttons take (actions), each reusing the coordination services' own rules."""
