"""The fake's file upload flow behaves as Slack documents it (files.getUploadURLExternal → upload URL →
files.completeUploadExternal), driven by slack_sdk's own files_upload_v2."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tests.fakes.slack import DEFAULT_BOT_TOKEN, SlackFake


@pytest.fixture
def slack() -> Iterator[SlackFake]:
    with SlackFake() as fake:
        yield fake


def client(slack: SlackFake) -> WebClient:
    return WebClient(token=DEFAULT_BOT_TOKEN, base_url=slack.url)


def test_a_file_uploaded_in_three_steps_is_shared_with_its_name_bytes_channel_and_comment(slack: SlackFake) -> None:
    answer = client(slack).files_upload_v2(
        content=b"a,b\r\n1,2\r\n", filename="x.csv", title="X", channel="C1", initial_comment="hi", thread_ts="1.2"
    )
    (shared,) = slack.uploaded_files
    assert answer["files"] == [{"id": shared.id, "name": "x.csv", "title": "X"}]
    assert (shared.content, shared.length) == (b"a,b\r\n1,2\r\n", 10)
    assert (shared.channel, shared.initial_comment) == ("C1", "hi")
    assert shared.thread_ts == "1.2"
    assert [c.method for c in slack.api_calls] == ["files.getUploadURLExternal", "files.completeUploadExternal"]


def test_without_files_write_both_methods_answer_missing_scope(slack: SlackFake) -> None:
    slack.revoke_scope("files:write")
    with pytest.raises(SlackApiError) as refused:
        client(slack).files_upload_v2(content="a", filename="x.csv", channel="C1")
    assert refused.value.response["error"] == "missing_scope"
    assert refused.value.response["needed"] == "files:write"
    assert slack.uploaded_files == []


def test_a_file_never_uploaded_or_unknown_is_not_found_and_an_upload_url_works_once(slack: SlackFake) -> None:
    web = client(slack)
    issued = web.files_getUploadURLExternal(filename="x.csv", length=3)
    with pytest.raises(SlackApiError) as early:
        web.files_completeUploadExternal(files=[{"id": issued["file_id"]}], channel_id="C1")
    assert early.value.response["error"] == "file_not_found"
    assert httpx.post(issued["upload_url"], content=b"abc").status_code == 200
    assert httpx.post(issued["upload_url"], content=b"abc").status_code == 404
    web.files_completeUploadExternal(files=[{"id": issued["file_id"]}], channel_id="C1")
    assert slack.uploaded_files[0].content == b"abc"


def test_a_channel_the_bot_is_not_in_refuses_the_share(slack: SlackFake) -> None:
    slack.refuse_channel("C2", "not_in_channel")
    with pytest.raises(SlackApiError) as refused:
        client(slack).files_upload_v2(content="a", filename="x.csv", channel="C2")
    assert refused.value.response["error"] == "not_in_channel"
