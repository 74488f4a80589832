from __future__ import annotations

import asyncio

from actions.feedback import ActionRecordFeedback, ActionSaveFeedbackComment
from tests.unit.actions.conftest import run_action, slot_events, tracker_from, user_event

SHOWN = {"strand": "cybercrime_fraud", "last_item_id": "fraud-scam-texts-emails-calls", "content_version": "1"}


def test_helpful_feedback_is_stored_with_strand_item_and_version(content_db) -> None:
    from bot.feedback import FeedbackStore

    messages, events = asyncio.run(run_action(ActionRecordFeedback(), tracker_from(
        [user_event("/feedback_helpful", "feedback_helpful")], slots=SHOWN, sender="conv-1")))
    stored = FeedbackStore(content_db).for_conversation("conv-1")
    assert len(stored) == 1
    assert stored[0].helpful is True
    assert (stored[0].strand, stored[0].content_item_id, stored[0].content_version) == ("cybercrime_fraud", "fraud-scam-texts-emails-calls", 1)
    assert messages[0]["response"] == "utter_thanks_for_feedback"
    assert slot_events(events)["feedback_id"] == str(stored[0].id)


def test_not_helpful_with_a_comment_is_stored_redacted(content_db) -> None:
    from bot.feedback import FeedbackStore

    _, events = asyncio.run(run_action(ActionRecordFeedback(), tracker_from(
        [user_event("/feedback_not_helpful", "feedback_not_helpful")], slots=SHOWN, sender="conv-2")))
    feedback_id = slot_events(events)["feedback_id"]
    asyncio.run(run_action(ActionSaveFeedbackComment(), tracker_from(
        [user_event("it didnt help, call me on 07700 900123", "out_of_scope")],
        slots={**SHOWN, "feedback_id": feedback_id, "feedback_comment": "it didnt help, call me on 07700 900123"},
        sender="conv-2")))
    stored = FeedbackStore(content_db).for_conversation("conv-2")
    assert stored[0].helpful is False
    assert "07700" not in stored[0].comment and "[PHONE]" in stored[0].comment
