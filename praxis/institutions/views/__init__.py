"""The directory's pages, by area: `directory` (finding help, an institution's page, creating and editing it, its
history), `staff` (members, invitations), `claims` (claims and moderation), `colleagues` (my directory, colleagues,
follows); `common` holds what several areas use."""
