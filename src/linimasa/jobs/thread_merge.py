"""Threads of a continued run: the stored threads with the touched stories threaded in
(:func:`merge_threads`; docs/incremental.md, *Threads*)."""

from __future__ import annotations

from linimasa.corpus.increment import Increment
from linimasa.model import Story, Thread


def merge_threads(threads: list[Thread], touched: list[Story], kept: list[Story], inc: Increment) -> list[Thread]:
    """The stored threads with the touched stories threaded in (``inc.thread_groups``): a touched
    story without a thread joins the thread of the earliest story of its group that has one (or
    the group starts a thread of its own), with the links that threading gave it; a stored story
    that had no link (it started its thread) takes the link threading now gives it to a touched
    story before it."""
    by_id = {t.id: t for t in threads}
    stories = {s.id: s for s in [*kept, *touched]}
    mine = {s.id for s in touched}
    for g in inc.thread_groups:
        target = next((stories[x].thread for x in g.stories if x in stories and stories[x].thread in by_id), None)
        if target is None:
            target = g.id
            by_id[target] = Thread(id=g.id, title=g.title, stories=[], entities=list(g.entities))
        t = by_id[target]
        for x in g.stories:
            s = stories.get(x)
            if s is not None and s.thread is None:
                s.thread = target
            if s is not None and s.thread == target and x not in t.stories:
                t.stories.append(x)
        if set(t.stories) <= set(g.stories):  # (the group holds the whole thread: its actors and title)
            t.entities, t.title = list(g.entities), g.title
        linked = {x.get("story") for x in t.links}  # (a stored story that had none: a touched one now before it)
        again = [
            x
            for x in g.links
            if (x.story in mine or (x.story not in linked and x.to in mine))
            and x.story in stories
            and stories[x.story].thread == target
        ]
        redone = {link.story for link in again}
        t.links = [link for link in t.links if link.get("story") not in redone] + [link.to_json() for link in again]
    return list(by_id.values())
