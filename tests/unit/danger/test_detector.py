"""The detector on the real MiniLM encoder (the model files `make` fetches) and a small corpus."""
from pathlib import Path

import numpy as np
import pytest

from bot.danger.decision import CERTAIN
from bot.danger.detector import DangerDetector, DetectorConfig
from bot.danger.judge import DangerJudge, patterns_verdict


@pytest.fixture(scope="module")
def encoder(project_root: Path):
    from bot.nlu.embeddings import shared_encoder
    from bot.nlu.model_files import minilm_dir
    from bot.settings import get_settings

    return shared_encoder(minilm_dir(get_settings().nlu_assets_dir))


@pytest.fixture(scope="module")
def trained(project_root: Path, encoder):
    from bot.danger.evaluation import training_pairs

    texts, danger = training_pairs(project_root / "data")
    rng = np.random.default_rng(0)
    keep = rng.choice(len(texts), size=min(900, len(texts)), replace=False)
    texts = [texts[i] for i in keep]
    danger = [danger[i] for i in keep]
    vectors = encoder.encode(texts)
    detector = DangerDetector(DetectorConfig(folds=3))
    report = detector.choose_thresholds(texts, danger, vectors, near_miss=[not d for d in danger])
    detector.fit(texts, danger, vectors)
    return detector, report


def test_thresholds_come_from_cross_validation_for_recall(trained) -> None:
    detector, report = trained
    assert 0 < detector.thresholds.possible <= detector.thresholds.certain < 1
    assert report["cv_recall_possible"] >= detector.config.possible_recall - 0.01
    assert report["cv_recall_certain"] <= report["cv_recall_possible"]


def test_a_danger_sentence_buried_in_a_long_story_is_found(trained, encoder) -> None:
    detector, _ = trained
    story = ("We moved to Harlow in 2015 and the area was lovely back then, the school was good and the park was "
             "always clean. Over the years it has changed a lot and there is litter everywhere. "
             "There is a man in my back garden with a crowbar trying the door right now. "
             "Anyway I wanted to ask who to contact about the bins and the graffiti on the underpass.")
    whole = float(detector.probabilities([story], encoder.encode([story]))[0])
    by_sentence = detector.message_probability(story, encoder.encode([story])[0], encoder.encode)
    assert by_sentence >= whole
    assert by_sentence >= detector.thresholds.possible


def test_ordinary_questions_stay_quiet(trained, encoder) -> None:
    detector, _ = trained
    texts = ["how do i get a better lock for my shed", "what is clare's law", "where can i report a scam email"]
    probs = detector.probabilities(texts, encoder.encode(texts))
    assert (probs < detector.thresholds.possible).all()


def test_state_round_trip(trained, encoder) -> None:
    detector, _ = trained
    copy = DangerDetector.from_state(detector.state())
    texts = ["he's kicking the door in", "my bike was nicked last week"]
    assert np.allclose(copy.probabilities(texts, encoder.encode(texts)), detector.probabilities(texts, encoder.encode(texts)))
    assert copy.thresholds == detector.thresholds


def test_judge_patterns_fire_sentence_by_sentence(safety_net) -> None:
    text = "Last year we were burgled and it was awful. Someone is breaking into my house right now"
    assert patterns_verdict(safety_net, text).fired
    verdict = DangerJudge(safety_net, None, None).judge(text)
    assert verdict.fired and verdict.tier == CERTAIN and verdict.probability is None


def test_patterns_cost_is_bounded_on_huge_input(safety_net) -> None:
    import time

    started = time.perf_counter()
    patterns_verdict(safety_net, "a" * 200_000 + " he is here")
    patterns_verdict(safety_net, "someone " * 50_000)
    assert time.perf_counter() - started < 5.0
