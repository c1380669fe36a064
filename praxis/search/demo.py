"""Demo: index everything the apps before this one seeded (the demo loader runs without a task worker)."""


def seed() -> str:
    from .services import rebuild

    counts = rebuild()
    return ", ".join(f"{count} {kind}" for kind, count in counts.items()) + " indexed"
