"""The audit log: every state change writes one entry (see CONVENTIONS.md, Services)."""

from enum import StrEnum
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from .models import AuditEntry


class Action(StrEnum):
    """Every kind of audit entry, in one table (pretix keeps the same list in its docs): what services write with
    `log(actor, Action.X, target, data)`, what notifications and histories are built from. The comment under each
    says what the entry is about (its target) and what its data holds. A new state change adds its line here."""

    # --- accounts -------------------------------------------------------------------------------------------------
    ACCOUNTS_IDENTITY_LINKED = "accounts.identity.linked"
    # target: member; data: provider, provider_id, acr (accounts/services.py: an e-ID linked, at sign-up or later)
    ACCOUNTS_IDENTITY_NUMBER_NOT_VOUCHED = "accounts.identity.number_not_vouched"
    # target: member; data: provider, provider_id, reason (accounts/services.py: the e-ID's number failed a check)
    ACCOUNTS_IDENTITY_UNLINKED = "accounts.identity.unlinked"
    # target: member; data: provider, provider_id (accounts/services.py)

    ACCOUNTS_EXPORT_DOWNLOADED = "accounts.export.downloaded"
    # target: member; data: export (accounts/views.py)
    ACCOUNTS_EXPORT_READY = "accounts.export.ready"
    # target: member; data: export, size (accounts/tasks.py)
    ACCOUNTS_EXPORT_REQUESTED = "accounts.export.requested"
    # target: member; data: export (accounts/services.py)
    ACCOUNTS_MEMBER_ADMIN_CHANGED = "accounts.member.admin_changed"
    # target: member; data: fields (their new values for roles and verification) — a change in the Django admin
    ACCOUNTS_MEMBER_ERASURE_REQUESTED = "accounts.member.erasure_requested"
    # target: member; data: erasure (accounts/services.py: the background erasure is queued)
    ACCOUNTS_MEMBER_ERASURE_FAILED = "accounts.member.erasure_failed"
    # target: member; data: erasure (accounts/services.py: the erasure job gave up after its last attempt)
    ACCOUNTS_PROOF_READ = "accounts.proof.read"
    # a read of private data — target: member whose proof was opened; data: proof (accounts/views.py)
    ACCOUNTS_VERIFICATION_FILE_READ = "accounts.verification_file.read"
    # a read of private data — target: member whose verification file a moderator opened (accounts/views.py)
    ACCOUNTS_MEMBER_DELETED = "accounts.member.deleted"
    # target: None; data: member_id, erasure (accounts/services.py)
    ACCOUNTS_MEMBER_PROFILE_UPDATED = "accounts.member.profile_updated"
    # target: member; data: number_changed (accounts/services.py)
    ACCOUNTS_MEMBER_SIGNED_UP = "accounts.member.signed_up"
    # target: user; data: profession, country (accounts/services.py)
    ACCOUNTS_VERIFICATION_APPROVED = "accounts.verification.approved"
    # target: member; data: from, to, message (accounts/services.py)
    ACCOUNTS_VERIFICATION_PROOF_REQUESTED = "accounts.verification.proof_requested"
    # target: member; data: from, to, message (accounts/services.py)
    ACCOUNTS_VERIFICATION_PROOF_UPLOADED = "accounts.verification.proof_uploaded"
    # target: member; data: proof, type (accounts/services.py)
    ACCOUNTS_VERIFICATION_REJECTED = "accounts.verification.rejected"
    # target: member; data: from, to, message (accounts/services.py)
    ACCOUNTS_VERIFICATION_VOUCHED_BY_EID = "accounts.verification.vouched_by_eid"
    # target: member; data: provider, provider_id, number_kind, acr (accounts/services.py: verified by the e-ID)

    # --- api ------------------------------------------------------------------------------------------------------
    API_CLIENT_REGISTERED = "api.client.registered"
    # target: the institution; data: application (its name), client_id (api/services.py: an OAuth2 client of its system)
    API_CLIENT_REMOVED = "api.client.removed"
    # target: the institution; data: application, client_id, tokens (how many ended) (api/services.py)
    API_TOKEN_CREATED = "api.token.created"
    # target: the personal access token; data: name, scopes, expires_at (api/services.py)
    API_TOKEN_REVOKED = "api.token.revoked"
    # target: the personal access token; data: name (api/services.py)
    API_APPLICATION_REVOKED = "api.application.revoked"
    # target: none (the member acts on their own grants); data: application (its name), tokens (how many ended)

    # --- communities ----------------------------------------------------------------------------------------------
    COMMUNITIES_ACTION_ADDED = "communities.action.added"
    # (communities/services/meetings.py)
    COMMUNITIES_ACTION_DONE = "communities.action.done"
    # (communities/services/meetings.py)
    COMMUNITIES_CASE_COMMENTED = "communities.case.commented"
    # (communities/services/__init__.py)
    COMMUNITIES_CASE_CREATED = "communities.case.created"
    # (communities/services/__init__.py)
    COMMUNITIES_CASE_DOCUMENTED = "communities.case.documented"
    # (communities/services/__init__.py)
    COMMUNITIES_CASE_FOLLOWUP_ASKED = "communities.case.followup_asked"
    # (communities/services/__init__.py)
    COMMUNITIES_CASE_FOLLOWUP_SCHEDULED = "communities.case.followup_scheduled"
    # (communities/services/__init__.py)
    COMMUNITIES_CASE_OUTCOME_RECORDED = "communities.case.outcome_recorded"
    # (communities/services/__init__.py)
    COMMUNITIES_CASE_PROPOSED_FOR_PUBLICATION = "communities.case.proposed_for_publication"
    # (communities/services/__init__.py)
    COMMUNITIES_CASE_RECOMMENDATION_RECORDED = "communities.case.recommendation_recorded"
    # (communities/services/__init__.py)
    COMMUNITIES_CASE_UPDATED = "communities.case.updated"
    # (communities/services/__init__.py)
    COMMUNITIES_COMMUNITY_CREATED = "communities.community.created"
    # (communities/services/__init__.py)
    COMMUNITIES_COMMUNITY_UPDATED = "communities.community.updated"
    # (communities/services/__init__.py)
    COMMUNITIES_INVITATION_ACCEPTED = "communities.invitation.accepted"
    # (communities/services/__init__.py)
    COMMUNITIES_INVITATION_DECLINED = "communities.invitation.declined"
    # (communities/services/__init__.py)
    COMMUNITIES_INVITATION_REVOKED = "communities.invitation.revoked"
    # (communities/services/__init__.py)
    COMMUNITIES_INVITATION_SENT = "communities.invitation.sent"
    # (communities/services/__init__.py)
    COMMUNITIES_LIBRARY_ADDED = "communities.library.added"
    # target: library item; data: community, kind, target (communities/services/library.py)
    COMMUNITIES_LIBRARY_REMOVED = "communities.library.removed"
    # target: community; data: item, title, kind (communities/services/library.py)
    COMMUNITIES_MEMBERS_READ = "communities.members.read"
    # a read of private data — target: community whose members page a facilitator opened, with the pending requests
    # (their messages) and the invited addresses; data: requests, invitations (communities/views/membership.py)
    COMMUNITIES_MEETING_ATTENDANCE_TAKEN = "communities.meeting.attendance_taken"
    # (communities/services/meetings.py)
    COMMUNITIES_MEETING_MINUTES_SAVED = "communities.meeting.minutes_saved"
    # (communities/services/meetings.py)
    COMMUNITIES_MEETING_MINUTES_SENT = "communities.meeting.minutes_sent"
    # (communities/services/meetings.py)
    COMMUNITIES_MEETING_SCHEDULED = "communities.meeting.scheduled"
    # (communities/services/meetings.py)
    COMMUNITIES_MEETING_TEMPLATE_UPDATED = "communities.meeting.template_updated"
    # (communities/services/meetings.py)
    COMMUNITIES_MEMBER_JOINED = "communities.member.joined"
    # (communities/services/__init__.py)
    COMMUNITIES_MEMBER_LEFT = "communities.member.left"
    # (communities/services/__init__.py)
    COMMUNITIES_MEMBER_REMOVED = "communities.member.removed"
    # (communities/services/__init__.py)
    COMMUNITIES_MEMBER_ROLE_CHANGED = "communities.member.role_changed"
    # (communities/services/__init__.py)
    COMMUNITIES_PRIVACY_CONFIRMED = "communities.privacy.confirmed"
    # (communities/services/guard.py)
    COMMUNITIES_REPLY_CREATED = "communities.reply.created"
    # (communities/services/__init__.py)
    COMMUNITIES_REQUEST_ACCEPTED = "communities.request.accepted"
    # (communities/services)
    COMMUNITIES_REQUEST_DECLINED = "communities.request.declined"
    # (communities/services/__init__.py)
    COMMUNITIES_REQUEST_SUBMITTED = "communities.request.submitted"
    # (communities/services/__init__.py)
    COMMUNITIES_REQUEST_WITHDRAWN = "communities.request.withdrawn"
    # (communities/services/__init__.py)
    COMMUNITIES_SURVEY_ANSWERED = "communities.survey.answered"
    # (communities/services/meetings.py)
    COMMUNITIES_TEMPLATE_ADOPTED = "communities.template.adopted"
    # target: tool; data: template, version (communities/services/templates.py)
    COMMUNITIES_TEMPLATE_CHANGE_KEPT = "communities.template.change_kept"
    # target: tool; data: template, version (the community keeps its text) (communities/services/templates.py)
    COMMUNITIES_TEMPLATE_CHANGE_TAKEN = "communities.template.change_taken"
    # target: tool; data: template, version, tool_version (communities/services/templates.py)
    COMMUNITIES_TEMPLATE_PUBLISHED = "communities.template.published"
    # target: template; data: network, kind (communities/services/templates.py)
    COMMUNITIES_TEMPLATE_UPDATED = "communities.template.updated"
    # target: template; data: version (communities/services/templates.py)
    COMMUNITIES_THREAD_CREATED = "communities.thread.created"
    # (communities/services/__init__.py)
    COMMUNITIES_TOOL_CONFLICT = "communities.tool.conflict"
    # (communities/services/tools.py)
    COMMUNITIES_TOOL_CREATED = "communities.tool.created"
    # (communities/services/tools.py)
    COMMUNITIES_TOOL_SAVED = "communities.tool.saved"
    # (communities/services/tools.py)

    # --- content --------------------------------------------------------------------------------------------------
    CONTENT_CONTENT_CREATED = "content.content.created"
    # target: content; data: kind (content/services.py)
    CONTENT_CONTENT_DELETED = "content.content.deleted"
    # target: content; data: title, kind, revision_of (content/services.py)
    CONTENT_CONTENT_PUBLISHED = "content.content.published"
    # target: content; data: via (content/services.py)
    CONTENT_CONTENT_UPDATED = "content.content.updated"
    # target: content; data: status (content/services.py)
    CONTENT_DOCUMENT_TEXT_EXTRACTED = "content.document.text_extracted"
    # target: content; data: status, characters (content/documents.py: background job, no actor)
    CONTENT_REVISION_CREATED = "content.revision.created"
    # target: revision; data: original, version (content/services.py)
    CONTENT_REVISION_MERGED = "content.revision.merged"
    # target: original; data: revision, version (content/services.py)
    CONTENT_UPLOAD_CREATED = "content.upload.created"
    # target: content; data: upload, length (content/tus.py)
    CONTENT_UPLOAD_DELETED = "content.upload.deleted"
    # target: upload.content; data: upload, offset (content/tus.py)
    CONTENT_VIDEO_CAPTIONS_ADDED = "content.video.captions_added"
    # target: content; data: language, format, cues, replaced (content/services.py)
    CONTENT_VIDEO_CAPTIONS_REMOVED = "content.video.captions_removed"
    # target: content; data: language (content/services.py)
    CONTENT_VIDEO_FAILED = "content.video.failed"
    # target: asset.content; data: reason (content/media/pipeline.py)
    CONTENT_VIDEO_READY = "content.video.ready"
    # target: asset.content; data: renditions (content/media/pipeline.py)
    CONTENT_VIDEO_UPLOADED = "content.video.uploaded"
    # target: content; data: size, mime (content/services.py)

    # --- cpd ------------------------------------------------------------------------------------------------------
    CPD_ATTESTATION_ISSUED = "cpd.attestation.issued"
    # target: attestation; data: kind, source_key, recipient_id (cpd/services.py)
    CPD_ATTESTATION_REINSTATED = "cpd.attestation.reinstated"
    # target: existing; data: source_key (cpd/services.py)
    CPD_ATTESTATION_REVOKED = "cpd.attestation.revoked"
    # target: attestation; data: reason (cpd/services.py)
    CPD_ATTESTATION_READ = "cpd.attestation.read"
    # a read of private data — target: the member whose attestation PDF someone else opened (its issuing institution's
    # admins or trainers, a platform admin); data: attestation (cpd/views.py)
    CPD_ENTRY_RECORDED = "cpd.entry.recorded"
    CPD_ENTRY_UPDATED = "cpd.entry.updated"
    CPD_ENTRY_WITHDRAWN = "cpd.entry.withdrawn"
    # target: entry; data: member_id, source_key, title, date (cpd/services.py)
    CPD_ENTRY_DECLARED = "cpd.entry.declared"
    CPD_ENTRY_DELETED = "cpd.entry.deleted"
    # target: entry; data: title, date (cpd/services.py: a member's declared activity)
    CPD_PERIOD_PDF_REQUESTED = "cpd.period_pdf.requested"
    # target: period export; data: scheme, period_start (cpd/services.py)
    CPD_PERIOD_REMINDER = "cpd.period.reminder"
    # target: scheme choice; data: days_before, period_end, end_label (cpd/services.py; notifies the member)
    CPD_SCHEME_CHOSEN = "cpd.scheme.chosen"
    CPD_SCHEME_MOVED = "cpd.scheme.moved"
    CPD_SCHEME_REMOVED = "cpd.scheme.removed"
    # target: scheme choice; data: scheme, anchor (cpd/services.py)
    CPD_TRANSMISSION_IMPORTED = "cpd.transmission.imported"
    # target: transmission; data: institution_id, members (cpd/services.py)

    # --- discussions ----------------------------------------------------------------------------------------------
    DISCUSSIONS_ANSWER_ACCEPTED = "discussions.answer.accepted"
    DISCUSSIONS_ANSWER_POSTED = "discussions.answer.posted"
    # target: answer; data: question, content, question_author, question_anonymous (discussions/services.py)
    DISCUSSIONS_ANSWER_DELETED = "discussions.answer.deleted"
    # target: answer; data: question, content, author (discussions/services.py: by its author)
    DISCUSSIONS_ANSWER_EDITED = "discussions.answer.edited"
    # target: answer; data: question, content, author, version, by_moderator (discussions/services.py)
    DISCUSSIONS_ANSWER_HIDDEN = "discussions.answer.hidden"
    # target: answer; data: question, content, author, reason, flags (discussions/services.py: by a moderator)
    DISCUSSIONS_ANSWER_RESTORED = "discussions.answer.restored"
    # target: answer; data: question, content, author (discussions/services.py: by a moderator)
    DISCUSSIONS_ANSWER_UNACCEPTED = "discussions.answer.unaccepted"
    DISCUSSIONS_ANSWER_UNVOTED = "discussions.answer.unvoted"
    DISCUSSIONS_ANSWER_VOTED = "discussions.answer.voted"
    DISCUSSIONS_BOOKMARK_ADDED = "discussions.bookmark.added"
    DISCUSSIONS_BOOKMARK_REMOVED = "discussions.bookmark.removed"
    DISCUSSIONS_CONTENT_UNVOTED = "discussions.content.unvoted"
    DISCUSSIONS_CONTENT_VOTED = "discussions.content.voted"
    DISCUSSIONS_PLAYLIST_CREATED = "discussions.playlist.created"
    # target: playlist; data: name (discussions/services.py)
    DISCUSSIONS_PLAYLIST_DELETED = "discussions.playlist.deleted"
    # target: playlist; data: name (discussions/services.py)
    DISCUSSIONS_PLAYLIST_ITEM_ADDED = "discussions.playlist.item_added"
    # target: playlist; data: content (discussions/services.py)
    DISCUSSIONS_PLAYLIST_ITEM_REMOVED = "discussions.playlist.item_removed"
    # target: playlist; data: content (discussions/services.py)
    DISCUSSIONS_QUESTION_ASKED = "discussions.question.asked"
    # target: question; data: content, content_author, anonymous (discussions/services.py)
    DISCUSSIONS_QUESTION_DELETED = "discussions.question.deleted"
    DISCUSSIONS_QUESTION_EDITED = "discussions.question.edited"
    DISCUSSIONS_QUESTION_HIDDEN = "discussions.question.hidden"
    DISCUSSIONS_QUESTION_RESTORED = "discussions.question.restored"
    # target: question; data: as the answer's entries of the same name, without question (discussions/services.py)

    # --- events ---------------------------------------------------------------------------------------------------
    EVENTS_ATTENDEES_EXPORTED = "events.attendees.exported"
    # a read of private data — target: event whose attendee list was downloaded; data: format, rows (events/views)
    EVENTS_ATTENDEES_READ = "events.attendees.read"
    # a read of private data — target: event whose attendee list was opened (events/views)
    EVENTS_ATTENDANCE_MARKED = "events.attendance.marked"
    # target: event; data: present, absent (events/services.py)
    EVENTS_EVENT_CANCELLED = "events.event.cancelled"
    # target: event; data: reason (events/services.py)
    EVENTS_EVENT_CREATED = "events.event.created"
    # target: event; data: kind, institution_id (events/services.py)
    EVENTS_EVENT_UNPUBLISHED = "events.event.unpublished"
    # target: event; data: reason, flags (events/services.py: by a moderator)
    EVENTS_EVENT_UPDATED = "events.event.updated"
    # target: event; data: fields (events/services.py)
    EVENTS_FEED_CREATED = "events.feed.created"
    # target: feed (events/services.py)
    EVENTS_FEED_REVOKED = "events.feed.revoked"
    # target: actor.user; data: count (events/services.py)
    EVENTS_MATERIAL_ADDED = "events.material.added"
    # target: event; data: material_id (events/services.py)
    EVENTS_MESSAGE_SENT = "events.message.sent"
    # target: event; data: message_id, include_waitlist (events/services.py)
    EVENTS_PIECE_ADDED = "events.piece.added"
    # target: event; data: piece_id, kind (events/services.py)
    EVENTS_REGISTRATION_CANCELLED = "events.registration.cancelled"
    # target: registration; data: event_id, user_id, had_seat (events/services.py)
    EVENTS_REGISTRATION_CONFIRMED = "events.registration.confirmed"
    EVENTS_REGISTRATION_PROMOTED = "events.registration.promoted"
    # target: registration; data: event_id, user_id (events/services.py)
    EVENTS_REGISTRATION_WAITLISTED = "events.registration.waitlisted"
    EVENTS_REPLAY_LINKED = "events.replay.linked"
    # target: event; data: content_id (events/services.py)
    EVENTS_WHITE_PAPER_ASSEMBLED = "events.white_paper.assembled"
    # target: paper; data: event_id, version (events/services.py)
    EVENTS_WHITE_PAPER_CHANGES_REQUESTED = "events.white_paper.changes_requested"
    EVENTS_WHITE_PAPER_PUBLISHED = "events.white_paper.published"
    EVENTS_WHITE_PAPER_SUBMITTED = "events.white_paper.submitted"
    # target: paper; data: event_id, version (events/services.py)
    EVENTS_WHITE_PAPER_UPDATED = "events.white_paper.updated"
    # target: paper; data: version (events/services.py)

    # --- institutions ---------------------------------------------------------------------------------------------
    INSTITUTIONS_STAFF_READ = "institutions.staff.read"
    # a read of private data — target: institution whose staff list was opened (institutions/views)
    INSTITUTIONS_CLAIM_ACCEPTED = "institutions.claim.accepted"
    # target: claim; data: kind (institutions/services.py)
    INSTITUTIONS_CLAIM_REJECTED = "institutions.claim.rejected"
    # target: claim; data: kind (institutions/services.py)
    INSTITUTIONS_CLAIM_SUBMITTED = "institutions.claim.submitted"
    # target: claim; data: kind, institution (institutions/services.py)
    INSTITUTIONS_DIRECTORY_PROFILE_UPDATED = "institutions.directory_profile.updated"
    # target: profile; data: listed (institutions/services.py)
    INSTITUTIONS_FOLLOW_CREATED = "institutions.follow.created"
    # target: row; data: kind, target (institutions/services.py)
    INSTITUTIONS_FOLLOW_DELETED = "institutions.follow.deleted"
    # target: None; data: kind, target (institutions/services.py)
    INSTITUTIONS_INSTITUTION_CREATED = "institutions.institution.created"
    # target: institution; data: name (institutions/services.py)
    INSTITUTIONS_INSTITUTION_REJECTED = "institutions.institution.rejected"
    # target: institution; data: reason (institutions/services.py)
    INSTITUTIONS_INSTITUTION_CLOSED = "institutions.institution.closed"
    # target: institution; data: note (institutions/services.py; its staff is notified)
    INSTITUTIONS_INSTITUTION_REOPENED = "institutions.institution.reopened"
    # target: institution (institutions/services.py)
    INSTITUTIONS_INSTITUTION_UPDATED = "institutions.institution.updated"
    # target: institution; data: fields (institutions/services.py)
    INSTITUTIONS_INSTITUTION_VERIFIED = "institutions.institution.verified"
    # target: institution (institutions/services.py)
    INSTITUTIONS_INVITATION_ACCEPTED = "institutions.invitation.accepted"
    # target: invitation; data: role (institutions/services.py)
    INSTITUTIONS_INVITATION_DECLINED = "institutions.invitation.declined"
    # target: invitation (institutions/services.py)
    INSTITUTIONS_INVITATION_REVOKED = "institutions.invitation.revoked"
    # target: invitation (institutions/services.py)
    INSTITUTIONS_INVITATION_SENT = "institutions.invitation.sent"
    # target: invitation; data: email, role (institutions/services.py)
    INSTITUTIONS_MEMBERSHIP_REMOVED = "institutions.membership.removed"
    # target: membership.institution; data: user, role, left (institutions/services.py)
    INSTITUTIONS_MEMBERSHIP_ROLE_CHANGED = "institutions.membership.role_changed"
    # target: membership; data: user, from, to (institutions/services.py)

    # --- jobs -----------------------------------------------------------------------------------------------------
    JOBS_MESSAGE_SENT = "jobs.message.sent"
    # target: offer; data: message_id, institution_id (jobs/services.py)
    JOBS_OFFER_EXPIRED = "jobs.offer.expired"
    # target: offer; data: institution_id (jobs/services.py)
    JOBS_OFFER_PUBLISHED = "jobs.offer.published"
    # target: offer; data: institution_id, professions (jobs/services.py)
    JOBS_OFFER_UPDATED = "jobs.offer.updated"
    # target: offer; data: fields (jobs/services.py)
    JOBS_OFFER_UNPUBLISHED = "jobs.offer.unpublished"
    # target: offer; data: institution_id, reason, flags (jobs/services.py: by a moderator)
    JOBS_OFFER_WITHDRAWN = "jobs.offer.withdrawn"
    # target: offer; data: institution_id (jobs/services.py)
    JOBS_SEARCH_DELETED = "jobs.search.deleted"
    # target: saved; data: name (jobs/services.py)
    JOBS_SEARCH_SAVED = "jobs.search.saved"
    # target: saved; data: filters (jobs/services.py)

    # --- learning -------------------------------------------------------------------------------------------------
    LEARNING_ASSIGNMENT_CLOSED = "learning.assignment.closed"
    # target: assignment; data: none (learning/mandatory/services.py)
    LEARNING_ASSIGNMENT_CREATED = "learning.assignment.created"
    # target: assignment; data: course_id, target, people (learning/mandatory/services.py)
    LEARNING_ASSIGNMENT_REMINDER = "learning.assignment.reminder"
    # target: staff assignment (one round); data: kind, due_on, due_label, course (learning/mandatory/services.py)
    LEARNING_ASSIGNMENT_RENEWED = "learning.assignment.renewed"
    # target: None; data: rounds, day (learning/mandatory/services.py)
    LEARNING_COURSE_ARCHIVED = "learning.course.archived"
    # target: course; data: replaced_by (learning/services.py)
    LEARNING_COURSE_CREATED = "learning.course.created"
    # target: course; data: owner_institution_id (learning/services.py)
    LEARNING_COURSE_PUBLISHED = "learning.course.published"
    # target: course; data: version (learning/services.py)
    LEARNING_COURSE_REVIEW_APPROVED = "learning.course.review_approved"
    # target: course; data: review, checklist, comments, version (learning/services.py)
    LEARNING_COURSE_REVIEW_CHANGES_REQUESTED = "learning.course.review_changes_requested"
    # target: course; data: review, checklist, comments (learning/services.py)
    LEARNING_COURSE_SUBMITTED = "learning.course.submitted"
    # target: a platform course version sent to review; data: review, version (learning/services.py)
    LEARNING_COURSE_UPDATED = "learning.course.updated"
    # target: course; data: fields (learning/services.py)
    LEARNING_COURSE_VERSION_STARTED = "learning.course.version_started"
    # target: the new draft version; data: from, version (learning/services.py)
    LEARNING_DEPARTMENT_CREATED = "learning.department.created"
    # target: department; data: institution_id (learning/mandatory/services.py)
    LEARNING_DEPARTMENT_MANAGER_ADDED = "learning.department.manager_added"
    # target: department; data: user_id (learning/mandatory/services.py)
    LEARNING_DEPARTMENT_MANAGER_REMOVED = "learning.department.manager_removed"
    # target: department; data: user_id (learning/mandatory/services.py)
    LEARNING_ENROLMENT_COMPLETED = "learning.enrolment.completed"
    # target: enrolment; data: course_id (learning/services.py)
    LEARNING_ENROLMENT_CREATED = "learning.enrolment.created"
    # target: enrolment; data: course_id (learning/services.py)
    LEARNING_LESSON_ADDED = "learning.lesson.added"
    # target: lesson; data: course_id, kind (learning/services.py)
    LEARNING_LESSON_COMPLETED = "learning.lesson.completed"
    # target: lesson progress; data: lesson_id, enrolment_id, score (learning/services.py)
    LEARNING_LESSON_DELETED = "learning.lesson.deleted"
    # target: course; data: lesson_id, title (learning/services.py)
    LEARNING_LESSON_MOVED = "learning.lesson.moved"
    # target: lesson; data: offset (learning/services.py)
    LEARNING_LESSON_UPDATED = "learning.lesson.updated"
    # target: lesson; data: fields (learning/services.py)
    LEARNING_PROGRAMME_CREATED = "learning.programme.created"
    # target: programme; data: title (learning/programmes/services.py)
    LEARNING_PROGRAMME_UPDATED = "learning.programme.updated"
    # target: programme; data: change (settings, course_added, course_moved, course_removed), course_id
    LEARNING_PROGRAMME_PUBLISHED = "learning.programme.published"
    # target: programme; data: courses (learning/programmes/services.py)
    LEARNING_QUESTION_ADDED = "learning.question.added"
    # target: question; data: quiz_id (learning/services.py)
    LEARNING_QUESTION_UPDATED = "learning.question.updated"
    # target: question; data: quiz_id (learning/services.py)
    LEARNING_QUIZ_UPDATED = "learning.quiz.updated"
    # target: quiz; data: fields (learning/services.py)
    LEARNING_QUIZ_ATTEMPT_STARTED = "learning.quiz_attempt.started"
    # target: quiz attempt; data: number (learning/services.py)
    LEARNING_QUIZ_ATTEMPT_SUBMITTED = "learning.quiz_attempt.submitted"
    # target: quiz attempt; data: number, score, passed (learning/services.py)
    LEARNING_SCORM_PUBLISHED = "learning.scorm.published"
    # target: package; data: prefix, files (learning/scorm/services.py)
    LEARNING_SCORM_UPLOADED = "learning.scorm.uploaded"
    # target: package; data: lesson_id, version, files (learning/scorm/services.py)
    LEARNING_STAFF_IMPORTED = "learning.staff.imported"
    # target: institution; data: created, updated, invited, departments, skipped (learning/mandatory/services.py)
    LEARNING_STAFF_UPDATED = "learning.staff.updated"
    # target: staff member; data: institution_id, department_id, profession, before (learning/mandatory/services.py)
    LEARNING_STAFF_READ = "learning.staff.read"
    # a read of private data — target: institution whose training staff list was opened (learning/mandatory/views)
    LEARNING_ASSIGNMENT_READ = "learning.assignment.read"
    # a read of private data — target: assignment whose people and their progress were opened (learning/mandatory)
    LEARNING_REPORT_READ = "learning.report.read"
    # a read of private data — target: institution; data: course (learning/mandatory/views)
    LEARNING_REPORT_EXPORTED = "learning.report.exported"
    # a read of private data — target: institution; data: course, rows (learning/mandatory/views)

    # --- notifications --------------------------------------------------------------------------------------------
    NOTIFICATIONS_EMAIL_UNSUBSCRIBED = "notifications.email.unsubscribed"
    # target: user; data: kind (notifications/services.py)
    NOTIFICATIONS_NOTIFICATION_ALL_READ = "notifications.notification.all_read"
    # target: actor.user; data: count (notifications/services.py)
    NOTIFICATIONS_PREFERENCES_UPDATED = "notifications.preferences.updated"
    # target: actor.user; data: choices (notifications/services.py)

    # --- prevention -----------------------------------------------------------------------------------------------
    # (a screening writes no entry on purpose: see prevention/services.py, screening_record)
    PREVENTION_TOOLBOX_CREATED = "prevention.toolbox.created"
    # target: toolbox; data: title, institution (prevention/services.py)
    PREVENTION_TOOLBOX_UPDATED = "prevention.toolbox.updated"
    # target: toolbox; data: fields, version (prevention/services.py)
    PREVENTION_TOOLBOX_SECTION_SAVED = "prevention.toolbox.section_saved"
    # target: toolbox; data: section, title, created, version (prevention/services.py)
    PREVENTION_TOOLBOX_SECTION_DELETED = "prevention.toolbox.section_deleted"
    # target: toolbox; data: section, title, version (prevention/services.py)
    PREVENTION_TOOLBOX_ITEM_ADDED = "prevention.toolbox.item_added"
    # target: toolbox; data: item, kind, title, section, version (prevention/services.py)
    PREVENTION_TOOLBOX_ITEM_MOVED = "prevention.toolbox.item_moved"
    # target: toolbox; data: item, direction, version (prevention/services.py)
    PREVENTION_TOOLBOX_ITEM_REMOVED = "prevention.toolbox.item_removed"
    # target: toolbox; data: item, title, version (prevention/services.py)

    # --- review ---------------------------------------------------------------------------------------------------
    REVIEW_CONTENT_UNPUBLISHED = "review.content.unpublished"
    # target: content; data: reason, flags (review/services.py)
    REVIEW_FLAG_CREATED = "review.flag.created"
    # target: content, or the flagged question, answer, event, job offer; data: flag, reason (review/services.py)
    REVIEW_FLAG_DISMISSED = "review.flag.dismissed"
    # target: flag.content or flag.target; data: flag, note (review/services.py)
    REVIEW_REVIEWER_THEMES_CHANGED = "review.reviewer.themes_changed"
    # target: reviewer; data: themes (review/services.py)
    REVIEW_STAFF_ROLES_CHANGED = "review.staff.roles_changed"
    # target: member; data: before, after ({reviewer, moderator}), gained, sessions_ended (review/services.py)
    REVIEW_SUBMISSION_APPROVED = "review.submission.approved"
    # target: content; data: submission, checklist, comments, revision_of, published, version (review/services.py)
    REVIEW_SUBMISSION_CHANGES_REQUESTED = "review.submission.changes_requested"
    # target: content; data: submission, checklist, comments (review/services.py)
    REVIEW_SUBMISSION_CLAIMED = "review.submission.claimed"
    # target: content; data: submission, reviewer (review/services.py)
    REVIEW_SUBMISSION_REJECTED = "review.submission.rejected"
    # target: content; data: submission, checklist, comments (review/services.py)
    REVIEW_SUBMISSION_RELEASED = "review.submission.released"
    # target: content; data: submission (review/services.py)
    REVIEW_SUBMISSION_SUBMITTED = "review.submission.submitted"
    # target: content; data: submission, from, revision_of, version (review/services.py)


def log(
    actor: Any, action: Action, target: models.Model | None = None, data: dict[str, Any] | None = None
) -> AuditEntry:
    """Record that `actor` (an Actor, a user or None for the system) did `action` to `target`."""
    user = getattr(actor, "user", actor)
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    entry = AuditEntry(actor=user, action=action, data=data or {})
    if target is not None:
        entry.target_type = ContentType.objects.get_for_model(target)
        entry.target_id = str(target.pk)
    entry.save()
    return entry


def history(target: models.Model) -> QuerySet[AuditEntry]:
    """Entries about one object, newest first."""
    return AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
    ).select_related("actor")


# Reads of private data (a proof, a verification file, an attendee or staff list, a CSV export...): their actions end in
# ".read" or ".exported". The access log shows them; a member sees those whose target is themselves.
READ_ACTIONS = frozenset(action.value for action in Action if action.value.endswith((".read", ".exported")))


def accesses_to(member: models.Model) -> QuerySet[AuditEntry]:
    """Reads of a member's private data by someone else, newest first."""
    return history(member).filter(action__in=READ_ACTIONS).exclude(actor_id=member.pk)
