"""Training path, continuing education, debriefs and peers' own wellbeing (docs/training.md)."""
