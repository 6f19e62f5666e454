"""CLI commands for reading the news: ``extract`` and ``eval``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from diplograph.cli.common import EXIT_PARTIAL, Problems


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, allow_dash=True))
@click.option("--out", "out", default="out", show_default=True,
              type=click.Path(path_type=Path, allow_dash=True),
              help="Folder for events.jsonl and entities.jsonl; '-' writes the events to "
                   "stdout as JSON Lines (messages go to stderr, entities are not written).")
@click.option("--strict", is_flag=True, help="Any unreadable file or bad line is fatal.")
@click.pass_context
def extract(ctx, paths, out, strict):
    """Read articles (.txt/.md files, .jsonl with a "text" field, or folders of them; '-'
    reads one article, or JSON Lines of articles, from stdin) and write the visits and
    meetings they report, each with its sentence and offsets.

    \b
    Example:
        diplograph extract ../shared/seeds --out out/
        cat article.txt | diplograph extract - --out - > events.jsonl
        diplograph eval --gold ../shared/eval/seeds.gold.jsonl out/events.jsonl
    """
    import tempfile

    from tqdm import tqdm

    from diplograph.loaders.extract import extract_paths
    from diplograph.loaders.jsonl import write_jsonl

    to_stdout = str(out) == "-"
    problems = on_error = Problems(strict)
    with tempfile.TemporaryDirectory(prefix="diplograph-stdin-") as tmp:
        paths = [_stdin_article(Path(tmp)) if str(p) == "-" else p for p in paths]
        bar = tqdm(desc="articles", unit="art", file=sys.stderr, disable=None, leave=False)
        try:
            facts = extract_paths(paths, on_error=on_error, progress=bar.update)
        finally:
            bar.close()
    if to_stdout:
        for e in facts.events:
            click.echo(json.dumps(e.model_dump(mode="json"), ensure_ascii=False))
        click.echo(f"read {len(facts.articles)} articles: {len(facts.events)} events, "
                   f"{len(facts.entities)} persons", err=True)
    else:
        out.mkdir(parents=True, exist_ok=True)
        n_ev = write_jsonl(out / "events.jsonl", facts.events)
        n_en = write_jsonl(out / "entities.jsonl", facts.entities)
        click.echo(f"read {len(facts.articles)} articles: {n_ev} events, {n_en} persons")
        click.echo(f"wrote {out / 'events.jsonl'}")
        click.echo(f"wrote {out / 'entities.jsonl'}")
    if problems:
        ctx.exit(EXIT_PARTIAL)


def _stdin_article(folder: Path) -> Path:
    """stdin saved as ``stdin.txt`` (one article) or ``stdin.jsonl`` (JSON Lines of
    articles, when the first character is '{')."""
    raw = click.get_binary_stream("stdin").read()
    kind = "jsonl" if raw.lstrip()[:1] == b"{" else "txt"
    path = folder / f"stdin.{kind}"
    path.write_bytes(raw)
    return path


@click.command("eval")
@click.option("--gold", required=True, type=click.Path(exists=True, path_type=Path),
              help="Gold events (JSON Lines).")
@click.argument("pred", type=click.Path(exists=True, path_type=Path))
@click.option("--ambiguous", type=click.Path(exists=True, path_type=Path),
              help="Records that count as optional gold: neither a hit nor a false alarm.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--show", is_flag=True, help="List misses, false alarms and duplicates.")
def evaluate(gold, pred, ambiguous, as_json, show):
    """Precision, recall and F1 of predicted events against gold, by the rules of
    ../shared/eval/score.py (visits as tuples, meetings as cross-state person pairs);
    `dup` counts predictions that repeat an already matched gold event.

    \b
    Example:
        diplograph eval --gold ../shared/eval/seeds.gold.jsonl out/events.jsonl
        diplograph eval --json --gold ../shared/eval/dev/gold.jsonl out/events.jsonl
    """
    from diplograph.graph.evaluate import score_all

    def load(p):
        with open(p, encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]

    result = score_all(load(gold), load(pred), load(ambiguous) if ambiguous else [])
    if as_json:
        click.echo(json.dumps({k: s.as_dict() for k, s in result.items()}))
    else:
        for k, s in result.items():
            click.echo(f"{k:20s} P={s.precision:.2f} R={s.recall:.2f} F1={s.f1:.2f}  "
                       f"(tp={s.tp} fp={s.fp} fn={s.fn} dup={s.dup})")
    if show:
        for k, s in result.items():
            for m in s.misses:
                click.echo(f"miss  {k}: {json.dumps(_brief(m['src']), ensure_ascii=False)}")
            for f in s.false_alarms:
                click.echo(f"false {k}: {json.dumps(_brief(f['src']), ensure_ascii=False)}")
            for d in s.duplicates:
                click.echo(f"dup   {k}: {json.dumps(_brief(d['src']), ensure_ascii=False)}")


def _brief(r: dict) -> dict:
    keys = ("article", "date", "visitor_state", "host_state", "participants")
    out = {k: r.get(k) for k in keys}
    ev = r.get("evidence")
    out["evidence"] = (ev.get("text") if isinstance(ev, dict) else ev or "")[:90]
    return out
