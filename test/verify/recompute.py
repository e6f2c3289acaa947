"""Recomputes every published cell of a snapshot from the raw responses with scipy, independently of
the TypeScript core: n, mean, sd, ci95 (Student's t), favourable, its Wilson interval, the Welch
p-value of each change and of each vsRest (the segment against everyone else in its wave, from the
raw scores), and the Benjamini–Hochberg q-values within each family (wave × dimension × level,
separately for change and vsRest; scipy's false_discovery_control). Empty segments (n 0, not
suppressed) have no figures to check. Usage: python3 recompute.py responses.json latest.json
"""
import json
import math
import sys

from scipy import stats

responses = json.load(open(sys.argv[1]))
snapshot = json.load(open(sys.argv[2]))
characteristic_of = {c["question"]: c["characteristic"] for c in snapshot["cells"] if c["question"]}
z = stats.norm.ppf(0.975)


def wilson(k, n):
    p = k / n
    d = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / d
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return centre - half, centre + half


def scores(rows, question, characteristic):
    out = []
    for r in rows:
        if question:
            v = r["answers"].get(question)
            if v is not None:
                out.append(v)
        else:
            vs = [v for k, v in r["answers"].items() if characteristic_of.get(k) == characteristic and v is not None]
            if vs:
                out.append(sum(vs) / len(vs))
    return out


def segment(rows, dimension, seg):
    if dimension == "overall":
        return rows
    return [r for r in rows if r["neighbourhood" if dimension == "neighbourhood" else "sector"] == seg]


by_wave = {}
for r in responses:
    if r["collaboration"] == snapshot["collaboration"]["id"] and r["survey"] == snapshot["survey"]["id"]:
        by_wave.setdefault(r["wave"], []).append(r)

worst = {}
checked = 0
# family -> [(published q, recomputed p)], for change and for vsRest
families = {"change_q": {}, "vsRest_q": {}}
for c in snapshot["cells"]:
    if c["suppressed"] or c["n"] == 0:
        continue
    xs = scores(segment(by_wave[c["wave"]], c["dimension"], c["segment"]), c["question"], c["characteristic"])
    n = len(xs)
    mean = sum(xs) / n
    sd = math.sqrt(sum((x - mean) ** 2 for x in xs) / (n - 1)) if n > 1 else None
    fav = sum(1 for x in xs if x >= 4)
    expected = {"n": n, "mean": mean, "favourable": fav / n, "wilson": wilson(fav, n)[0]}
    got = {"n": c["n"], "mean": c["mean"], "favourable": c["favourable"], "wilson": c["favourableCi95"][0]}
    if sd is not None:
        expected["sd"] = sd
        expected["ci95"] = mean - stats.t.ppf(0.975, n - 1) * sd / math.sqrt(n)
        got["sd"] = c["sd"]
        got["ci95"] = c["ci95"][0]
    if c["change"]:
        ys = scores(segment(by_wave[c["change"]["fromWave"]], c["dimension"], c["segment"]), c["question"], c["characteristic"])
        expected["welch"] = stats.ttest_ind(xs, ys, equal_var=False).pvalue
        got["welch"] = c["change"]["pValue"]
        family = (c["wave"], c["dimension"], c["question"] is None)
        families["change_q"].setdefault(family, []).append((c["change"]["qValue"], expected["welch"]))
    if c.get("vsRest"):
        rows = by_wave[c["wave"]]
        inside = segment(rows, c["dimension"], c["segment"])
        members = {id(r) for r in inside}
        rest = [r for r in rows if id(r) not in members]
        rs = scores(rest, c["question"], c["characteristic"])
        expected["vsRest_delta"] = mean - sum(rs) / len(rs)
        got["vsRest_delta"] = c["vsRest"]["meanDelta"]
        expected["vsRest_welch"] = stats.ttest_ind(xs, rs, equal_var=False).pvalue
        got["vsRest_welch"] = c["vsRest"]["pValue"]
        family = (c["wave"], c["dimension"], c["question"] is None)
        families["vsRest_q"].setdefault(family, []).append((c["vsRest"]["qValue"], expected["vsRest_welch"]))
    for k in expected:
        worst[k] = max(worst.get(k, 0.0), abs(expected[k] - got[k]))
    checked += 1

for name, by_family in families.items():
    for members in by_family.values():
        q = stats.false_discovery_control([p for _, p in members], method="bh")
        for (published, _), expected_q in zip(members, q):
            worst[name] = max(worst.get(name, 0.0), abs(expected_q - published))
    print(f"{name}: {len(by_family)} families, {sum(len(m) for m in by_family.values())} tests")

print(f"{checked} published cells of {len(snapshot['cells'])} recomputed; largest absolute difference per figure:")
for k, v in worst.items():
    print(f"  {k:10s} {v:.2e}")
