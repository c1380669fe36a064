"""Demo: index everything the apps before this one seeded (the demo loader runs without a task worker)."""

from .services import rebuild


def seed() -> str:
    counts = rebuild()
    return ", ".join(f"{count} {kind}" for kind, count in counts.items()) + " indexed"
