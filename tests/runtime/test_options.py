from __future__ import annotations

import pytest
from clientsuite.runtime import RequestOptions, request_options
from clientsuite.runtime.options import current_options
from clientsuite.runtime.retries import RetryConfig, SuiteRetry


def test_options_are_scoped() -> None:
    assert current_options() is None
    with request_options(max_retries=5) as options:
        assert current_options() is options
    assert current_options() is None


@pytest.mark.parametrize(
    "kwargs", [{"max_retries": -1}, {"timeout_in_seconds": 0}, {"deadline_in_seconds": 0}]
)
def test_invalid_options_rejected(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        RequestOptions(**kwargs)  # type: ignore[arg-type]


def test_retry_policy_by_idempotency() -> None:
    config = RetryConfig(max_retries=3)
    post = config.for_request("POST", idempotent=False)
    assert post.is_retryable_status_code(429) and not post.is_retryable_status_code(500)
    import httpx

    assert post.is_retryable_exception(httpx.ConnectError("x"))
    assert not post.is_retryable_exception(httpx.ReadTimeout("x"))
    get = config.for_request("GET", idempotent=True, max_retries=1)
    assert get.total == 1 and get.is_retryable_status_code(503)
    assert get.is_retryable_exception(httpx.ReadTimeout("x"))


def test_backoff_is_capped_and_jittered() -> None:
    retry = SuiteRetry(
        total=10, backoff_factor=1.0, max_backoff_wait=4.0, backoff_jitter=0.5, attempts_made=8
    )
    sleeps = {retry.backoff_strategy() for _ in range(20)}
    assert all(s <= 4.0 for s in sleeps)
    early = SuiteRetry(total=10, backoff_factor=1.0, backoff_jitter=0.5, attempts_made=1)
    assert all(1.0 <= early.backoff_strategy() <= 2.0 for _ in range(20))
    assert len({early.backoff_strategy() for _ in range(20)}) > 1


def test_retry_after_ms_header() -> None:
    retry = SuiteRetry(total=2, attempts_made=1, max_backoff_wait=30)
    assert retry.delay({"Retry-After-Ms": "250"}) == 0.25
    assert retry.delay({"Retry-After": "3"}) == 3.0
    assert retry.delay({"Retry-After": "garbage", "Retry-After-Ms": "nan"}) >= 0.0


def test_deadline_blocks_nest_and_the_earliest_wins() -> None:
    from clientsuite.runtime import deadline, remaining

    assert remaining() is None and remaining(7.0) == 7.0
    with deadline(5) as outer:
        with deadline(60) as inner:
            assert inner == outer  # a longer inner block cannot extend the outer one
            left = remaining()
            assert left is not None and 4.0 < left <= 5.0
        with deadline(0.5):
            left = remaining()
            assert left is not None and left <= 0.5
    assert remaining() is None
    with pytest.raises(ValueError, match="deadline"), deadline(-1):
        pass
