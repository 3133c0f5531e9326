import gc

from core.startup import load_and_freeze


def test_a_web_process_freezes_what_startup_built():
    try:
        frozen = load_and_freeze()
        assert frozen > 10_000
        assert gc.get_freeze_count() > 10_000  # a few may be freed since
        assert "evaluations.views.map" in __import__("sys").modules  # every view imported first
    finally:
        gc.unfreeze()
