"""The events pages, by area: `agenda` (lists), `registration` (an event's page, seats), `organiser` (create, edit,
attendees, materials), `calendars` (.ics files and feeds), `seminars` (contributions, white papers); `common` holds
what several areas use."""
