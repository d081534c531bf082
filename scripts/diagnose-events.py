#!/usr/bin/env python3
"""Per-article diff of an extraction run against an event gold file (developer tool, reads ../shared only).

Usage: python3 scripts/diagnose-events.py GOLD RUN.jsonl ARTICLES.jsonl [--id ID] [--only-errors]
Prints, per article, missed gold events, unmatched system events, field mismatches on matched pairs and
must_not_extract traps hit. Uses the bench scorer's own matching so the counts agree with it.
"""
import argparse, importlib.util, json, os, sys

ap = argparse.ArgumentParser()
ap.add_argument("gold"); ap.add_argument("run"); ap.add_argument("articles")
ap.add_argument("--id"); ap.add_argument("--scope", default="news")
args = ap.parse_args()
here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("se", os.path.join(here, "../../shared/bench/events/score_events.py"))
se = importlib.util.module_from_spec(spec); spec.loader.exec_module(se)
gold, mne = se.load_gold(args.gold)
sysout = se.load_sys(args.run)
texts = {}
for line in open(args.articles):
    d = json.loads(line); texts[str(d["id"])] = d

def gs(g):
    f = [c.get("count_low") for c in g.get("fatalities") or []]
    return f"{g.get('event_type')}/{g.get('sub_event_type')} {g.get('date')} {g.get('location')} a1={g.get('actor1')}({g.get('actor1_certainty')}) fat={f}{' BG' if g.get('is_background') else ''}"

def ss(e, s, txt):
    ev = [x for x in e.get("evidence") or [] if x.get("field") == "trigger"]
    t = txt[ev[0]["start"]:ev[0]["end"]] if ev else "?"
    return f"{s['type']}/{s['sub']} {s['date']} {(e.get('location') or {}).get('name')} a1={s['a1']}({s['cert']}) fat={s['fat']}{' BG' if s['bg'] else ''} [{t}]"

for aid, gevs in gold.items():
    if args.id and aid != args.id: continue
    txt = texts.get(aid, {}).get("text", "")
    raw = sysout.get(aid, [])
    sevs = [se.sys_fields(e) for e in raw]
    g_use = [g for g in gevs if args.scope == "all" or not g.get("is_background")]
    idx = [i for i, s in enumerate(sevs) if args.scope == "all" or not s["bg"]]
    s_use = [sevs[i] for i in idx]
    pairs = se.match(g_use, s_use)
    lines = []
    mg = {id(g) for g, _ in pairs}; ms = {id(s) for _, s in pairs}
    for g in g_use:
        if id(g) not in mg: lines.append("  MISS  " + gs(g))
    for i in idx:
        if id(sevs[i]) not in ms: lines.append("  EXTRA " + ss(raw[i], sevs[i], txt))
    for g, s in pairs:
        e = raw[sevs.index(s)]
        bad = []
        if s["sub"] not in se.as_list(g.get("sub_event_type")) and g.get("sub_event_type") is not None: bad.append("sub")
        if g.get("date") and s["date"] != g.get("date"): bad.append("date")
        d = se.loc_km(g, s)
        if g.get("lat") is not None and not (d is not None and d <= 25): bad.append("loc")
        if g.get("actor1") and se.norm_actor(s["a1"]) not in [se.norm_actor(a) for a in se.as_list(g.get("actor1"))]: bad.append("a1")
        if g.get("actor1_certainty") and s["cert"] != g.get("actor1_certainty"): bad.append("cert")
        gl = [c.get("count_low") for c in g.get("fatalities") or []]
        if g.get("fatalities", []) is not None and not ((s["fat"] in gl) if gl else (s["fat"] in (None, 0))): bad.append("fat")
        if bad: lines.append(f"  FIELD {','.join(bad)}\n     gold {gs(g)}\n     sys  {ss(e, s, txt)}")
    for m in mne:
        if m["article"] != aid: continue
        i = txt.find(m["evidence"])
        if i < 0: continue
        for e in raw:
            if any(ev.get("field") in ("trigger", None) and ev.get("start") is not None and ev["start"] < i + len(m["evidence"]) and ev["end"] > i for ev in e.get("evidence") or []):
                lines.append(f"  TRAP  {m.get('why')}: {m['evidence'][:90]!r}"); break
    if lines:
        print(f"== {aid} ({texts.get(aid, {}).get('published')})"); print("\n".join(lines))
