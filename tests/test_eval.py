"""`diplograph eval` must give exactly the JSON of the reference scorer ../shared/eval/score.py.

Predictions are derived from the gold files (facts only, written to a temporary folder):
shuffled, thinned, dates shifted or made coarser or removed, lines repeated (dup), names
cut to a contained part ("Xuan Phuc" for "Nguyen Xuan Phuc"), statuses and states flipped.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys

import pytest
from click.testing import CliRunner

from conftest import shared
from diplograph.cli import main
from diplograph.graph.evaluate import name_match, score_events


def _read(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _write(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def _shift(date: str | None, rng: random.Random) -> str | None:
    if not date:
        return rng.choice([None, "2019-03"])
    y, *rest = date.split("-")
    choice = rng.randrange(5)
    if choice == 0 and len(rest) == 2:  # a day or three off (2 days still match)
        d = max(1, min(28, int(rest[1]) + rng.choice([-3, -2, -1, 1, 2, 3])))
        return f"{y}-{rest[0]}-{d:02d}"
    if choice == 1:
        return y if rng.random() < 0.5 else f"{y}-{rest[0]}" if rest else y
    if choice == 2:
        return None
    if choice == 3:
        return f"{int(y) + rng.choice([-1, 1])}" + ("-" + "-".join(rest) if rest else "")
    return date


def _contained(name: str, rng: random.Random) -> str:
    parts = name.split()
    if len(parts) >= 3:
        return " ".join(parts[1:]) if rng.random() < 0.5 else " ".join(parts[:2])
    if len(parts) == 2 and rng.random() < 0.3:
        return parts[-1]  # one part only: the reference does not count it as contained
    return name


def derive(gold: list[dict], seed: int) -> list[dict]:
    """A worse prediction made from gold, every kind of difference the scorer handles."""
    rng = random.Random(seed)
    out = []
    for g in gold:
        if rng.random() < 0.2:
            continue  # a miss
        r = {k: v for k, v in g.items() if k not in ("optional", "note")}
        roll = rng.random()
        if roll < 0.25:
            r["date"] = _shift(r.get("date"), rng)
        elif roll < 0.35 and r["type"] == "visit":
            r["visitor_state"], r["host_state"] = r.get("host_state"), r.get("visitor_state")
        elif roll < 0.40:
            r["status"] = "planned" if r.get("status", "happened") == "happened" else "happened"
        elif roll < 0.45:
            r.pop("status", None)  # no status: happened
        if r["type"] == "meeting" and rng.random() < 0.5:
            ren = {p: _contained(p, rng) for p in r.get("participants") or []}
            r["participants"] = [ren[p] for p in r.get("participants") or []]
            r["participant_states"] = {ren.get(k, k): v
                                       for k, v in (r.get("participant_states") or {}).items()}
        out.append(r)
        if rng.random() < 0.25:
            dup = dict(r)
            if rng.random() < 0.5 and dup.get("date"):
                dup["date"] = dup["date"][:7]  # the same event told again, less precise
            out.append(dup)  # the same event twice: dup, not a false alarm
    if out:
        for _ in range(max(1, len(out) // 10)):  # invented events: false alarms
            r = dict(rng.choice(out))
            r["article"] = "nowhere.txt"
            out.append(r)
    rng.shuffle(out)
    return out


def _ours(gold, pred, ambiguous=None) -> dict:
    args = ["eval", "--gold", str(gold), str(pred), "--json"]
    if ambiguous:
        args += ["--ambiguous", str(ambiguous)]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 0, res.output
    return json.loads(res.output)


def _reference(gold, pred, ambiguous=None) -> dict:
    args = [sys.executable, str(shared("eval", "score.py")), str(gold), str(pred), "--json"]
    if ambiguous:
        args += ["--ambiguous", str(ambiguous)]
    out = subprocess.run(args, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


@pytest.mark.parametrize("gold_parts", [("eval", "seeds.gold.jsonl"), ("eval", "dev", "gold.jsonl")],
                         ids=["seeds", "dev"])
def test_eval_equals_the_reference_scorer(tmp_path, gold_parts):
    gold_path = shared(*gold_parts)
    gold = _read(gold_path)
    cases = {"gold": gold_path}
    for seed in range(4):
        cases[f"derived{seed}"] = _write(tmp_path / f"derived{seed}.jsonl", derive(gold, seed))
    cases["empty"] = _write(tmp_path / "empty.jsonl", [])
    seen_dup = seen_fp = 0
    for name, pred in cases.items():
        ours, ref = _ours(gold_path, pred), _reference(gold_path, pred)
        print(name, json.dumps(ours))
        assert ours == ref, name
        seen_dup += sum(v["dup"] for v in ours.values())
        seen_fp += sum(v["fp"] for v in ours.values())
    assert seen_dup > 0 and seen_fp > 0  # the derived files do exercise dup and false alarms
    # optional gold through --ambiguous, as the reference takes it
    amb = _write(tmp_path / "amb.jsonl", [dict(g, article="nowhere.txt") for g in gold[:5]])
    assert _ours(gold_path, cases["derived0"], amb) == _reference(gold_path, cases["derived0"], amb)


def test_contained_names_and_duplicates_on_a_hand_made_case():
    gold = [
        {"article": "x.txt", "type": "meeting", "date": "2019-02-27", "status": "happened",
         "participants": ["Nguyen Xuan Phuc", "Kim Jong Un"],
         "participant_states": {"Nguyen Xuan Phuc": "VN", "Kim Jong Un": "KP"}},
        {"article": "x.txt", "type": "visit", "date": "2019-02-26", "status": "happened",
         "visitor_state": "KP", "host_state": "VN"},
        {"article": "x.txt", "type": "visit", "date": "2019-03", "status": "happened",
         "visitor_state": "VN", "host_state": "KP", "optional": True},
    ]
    pred = [
        {"article": "x.txt", "type": "meeting", "date": "2019-02-27",
         "participants": ["Xuan Phuc", "Kim Jong-un"],
         "participant_states": {"Xuan Phuc": "VN", "Kim Jong-un": "KP"}},
        {"article": "x.txt", "type": "meeting", "date": "2019-02",   # told again: dup
         "participants": ["Phuc Nguyen Xuan", "Kim Jong Un"]},
        {"article": "x.txt", "type": "meeting", "date": "2019-02-27",  # one part: no match
         "participants": ["Phuc", "Kim Jong Un"]},
        {"article": "x.txt", "type": "visit", "date": "2019-02-28", "visitor_state": "KP",
         "host_state": "VN"},
        {"article": "x.txt", "type": "visit", "date": "2019-02", "visitor_state": "KP",
         "host_state": "VN"},                                           # dup
        {"article": "x.txt", "type": "visit", "date": "2019-03-02", "visitor_state": "VN",
         "host_state": "KP"},                                           # optional: nothing
        {"article": "x.txt", "type": "visit", "date": "2019-03-05", "visitor_state": "VN",
         "host_state": "KP"},                                           # optional twin: nothing
    ]
    s = score_events(gold, pred)
    assert (s["meeting"].tp, s["meeting"].fp, s["meeting"].fn, s["meeting"].dup) == (1, 1, 0, 1)
    assert (s["visit"].tp, s["visit"].fp, s["visit"].fn, s["visit"].dup) == (1, 0, 0, 1)
    assert name_match("Xuan Phuc", "Nguyen Xuan Phuc")
    assert not name_match("Phuc", "Nguyen Xuan Phuc")
    assert name_match("Sergej Lawrow", "Sergei Lavrov")  # the reference's folding
    assert not name_match("Kim Yo Jong", "Kim Jong Un")


def test_eval_text_output_shows_dup_and_lists(tmp_path):
    g = _write(tmp_path / "g.jsonl", [{"article": "a.txt", "type": "visit", "date": "2020-01-02",
                                       "visitor_state": "CN", "host_state": "KP"}])
    p = _write(tmp_path / "p.jsonl", [{"article": "a.txt", "type": "visit", "date": "2020-01-02",
                                       "visitor_state": "CN", "host_state": "KP"}] * 2)
    res = CliRunner().invoke(main, ["eval", "--gold", str(g), str(p), "--show"])
    assert res.exit_code == 0, res.output
    assert "happened.visit       P=1.00 R=1.00 F1=1.00  (tp=1 fp=0 fn=0 dup=1)" in res.output
    assert res.output.count("dup   happened.visit") == 1


def test_eval_equals_the_reference_on_real_extractor_output(tmp_path):
    from diplograph.loaders.extract import extract_paths

    for folder, gold in ((("seeds",), ("eval", "seeds.gold.jsonl")),
                         (("eval", "dev", "articles"), ("eval", "dev", "gold.jsonl"))):
        facts = extract_paths([shared(*folder)])
        pred = _write(tmp_path / "pred.jsonl", [e.model_dump(mode="json") for e in facts.events])
        ours, ref = _ours(shared(*gold), pred), _reference(shared(*gold), pred)
        print(folder[-1], json.dumps(ours))
        assert ours == ref, folder
