"""Entity audit on IndoSum: the 100 entities with most documents and the 100 speakers with most quotes.

    python benchmarks/bench_entities_audit.py [--input PATH/indosum-dev.jsonl] [--annotated FILE]
        [--entities-config FILE] [--top 100] [--json OUT]

Runs ``linimasa annotate`` on the IndoSum dev articles (or reads an annotate output given with
``--annotated``), then the corpus entity stage (:class:`linimasa.corpus.entities.EntityAggregator`,
the same one ``linimasa run`` uses) over the documents' mentions, and prints:

- totals: entities, the share typed PER, quotes and the share without a speaker;
- the ``--top`` entities by number of documents, with type, id and aliases;
- the ``--top`` speakers by number of quotes, with the speaker's entity type.

The lists are for reading by hand (wrong type, not an entity, one entity split in two, two merged
into one): issue 21 asks for at most 3 wrong in each hundred. ``--entities-config`` applies a
corrections file (docs/entities-config.md) as ``run`` does.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def default_input() -> Path:
    for base in (ROOT.parent, ROOT.parent.parent):
        p = base / "shared" / "data" / "indosum" / "indosum-dev.jsonl"
        if p.exists():
            return p
    return ROOT.parent / "shared" / "data" / "indosum" / "indosum-dev.jsonl"


def annotate(inp: Path, out: Path, config: Path | None) -> None:
    cmd = [sys.executable, "-m", "linimasa", "annotate", str(inp), "--out", str(out), "--quiet"]
    if config is not None:
        cmd += ["--entities-config", str(config)]
    subprocess.run(cmd, check=True)


def rows_of(doc: dict[str, Any]) -> list[tuple[str, str, str, str, int]]:
    """The document's mention rows, made by :func:`linimasa.corpus.entities.mention_rows` (an organisation with
    its bracketed abbreviation, one mention, is known by both)."""
    from linimasa.corpus.entities import mention_rows
    from linimasa.model import Document, EntityMention

    ents = [
        EntityMention(**{k: m.get(k) for k in ("text", "start", "end", "type", "id", "name", "role")})
        for m in doc.get("entities", [])
    ]
    return mention_rows(Document(id=str(doc.get("id", "")), source="", raw="", entities=ents))


def audit(docs: list[dict[str, Any]], top: int) -> dict[str, Any]:
    from linimasa.corpus.entities import EntityAggregator

    agg = EntityAggregator()
    for d in docs:
        agg.add(rows_of(d))
    table = agg.resolve([m["id"] for m in d.get("entities", []) if m.get("id")] for d in docs)
    corr = getattr(table, "corrections", None)  # (None: an older linimasa, to audit the state before)
    speakers: Counter[tuple[str, str]] = Counter()
    quotes = unattributed = 0
    for d in docs:
        for q in d.get("quotes", []):
            quotes += 1
            sid, name = q.get("speaker_id"), q.get("speaker")
            if sid and corr is not None and corr.blocked and corr.is_blocked(name or "", name or ""):
                sid = name = None
            if not sid and not name:
                unattributed += 1
                continue
            if sid:
                sid = table.final_id(sid)
                name = table.display.get(sid, name)
            speakers[(sid or "-", name or "")] += 1
    ents = table.entities
    per = sum(1 for e in ents if e.type == "PER")
    return {
        "documents": len(docs),
        "entities": len(ents),
        "per_share": per / len(ents) if ents else 0.0,
        "quotes": quotes,
        "unattributed_share": unattributed / quotes if quotes else 0.0,
        "top_entities": [
            {"id": e.id, "name": e.name, "type": e.type, "documents": e.documents, "aliases": e.aliases}
            for e in ents[:top]
        ],
        "top_speakers": [
            {"id": sid, "name": name, "quotes": n}
            for (sid, name), n in sorted(speakers.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
        ],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--input", type=Path, default=default_input())
    ap.add_argument("--annotated", type=Path, help="an annotate output to read instead of annotating")
    ap.add_argument("--entities-config", type=Path)
    ap.add_argument("--top", type=int, default=100)
    ap.add_argument("--json", type=Path, help="also write the audit as JSON")
    args = ap.parse_args()
    if args.entities_config is not None:
        os.environ["LINIMASA_ENTITIES_CONFIG"] = str(args.entities_config.resolve())
    path = args.annotated
    if path is None:
        path = Path(tempfile.mkdtemp(prefix="linimasa-audit-")) / "annotated.jsonl"
        annotate(args.input, path, args.entities_config)
    with path.open(encoding="utf-8") as fh:
        docs = [json.loads(line) for line in fh if line.strip()]
    res = audit(docs, args.top)
    print(
        f"documents {res['documents']}  entities {res['entities']}  PER {res['per_share']:.1%}  "
        f"quotes {res['quotes']}  without speaker {res['unattributed_share']:.1%}"
    )
    print(f"\n== top {args.top} entities by documents ==")
    for k, e in enumerate(res["top_entities"], 1):
        aliases = [a for a in e["aliases"] if a != e["name"]][:6]
        print(
            f"{k:3d} {e['documents']:5d}  {e['type']:3s} {e['name'][:40]:40s} {e['id'][:40]:40s} {' | '.join(aliases)}"
        )
    print(f"\n== top {args.top} speakers by quotes ==")
    for k, s in enumerate(res["top_speakers"], 1):
        typ = s["id"].split(":", 1)[0] if ":" in s["id"] else "-"
        print(f"{k:3d} {s['quotes']:5d}  {typ:3s} {s['name'][:40]:40s} {s['id'][:50]}")
    if args.json:
        args.json.write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
