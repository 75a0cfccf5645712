"""Writes the bundled sample practice exports (deterministic; no third-party packages).

    python3 examples/data/generate.py

wai-sr-sessions.csv: 6 clients over 8-20 sessions, WAI-SR items 1-12 (1-5), a few
missing answers; client c03 has an alliance rupture at session 6 repaired by session 8;
client c05 has a sudden gain between sessions 4 and 5.
srs-sessions.csv: the same design on the SRS (four 0-10 lines at 0.1).
wai-sr-bad-rows.csv: valid rows mixed with deliberately broken ones.
"""
import random
from pathlib import Path

HERE = Path(__file__).parent
rng = random.Random(1979)  # Bordin's year

def clip(x, lo, hi):
    return max(lo, min(hi, x))

def wai_row(level):
    # level on the 1..5 item metric; items scatter around it
    return [clip(round(level + rng.gauss(0, 0.55)), 1, 5) for _ in range(12)]

def srs_row(level):
    return [round(clip(level + rng.gauss(0, 0.45), 0, 10), 1) for _ in range(4)]

CLIENTS = {
    # id: (sessions, start level, drift per session, special)
    "c01": (12, 3.4, 0.05, None),
    "c02": (8, 3.9, 0.02, None),
    "c03": (14, 3.8, 0.03, "rupture"),
    "c04": (20, 3.0, 0.04, None),
    "c05": (10, 2.7, 0.02, "gain"),
    "c06": (16, 4.3, 0.0, None),
}

def level_at(spec, s):
    sessions, start, drift, special = spec
    level = start + drift * (s - 1)
    if special == "rupture" and s == 6:
        level -= 1.6
    if special == "rupture" and s == 7:
        level -= 0.7
    if special == "gain" and s >= 5:
        level += 1.4
    return level

def write(path, header, rows):
    with open(path, "w") as f:
        f.write(",".join(header) + "\n")
        for r in rows:
            f.write(",".join(r) + "\n")

def fmt(v):
    return "" if v is None else (str(v) if isinstance(v, int) else f"{v:.1f}")

wai_rows, srs_rows = [], []
for cid, spec in CLIENTS.items():
    day = 0
    for s in range(1, spec[0] + 1):
        day += 7
        date = f"2026-{1 + (day // 28) % 12:02d}-{1 + day % 28:02d}"
        lv = level_at(spec, s)
        items = wai_row(lv)
        if rng.random() < 0.12:
            items[rng.randrange(12)] = None  # one missing answer
        wai_rows.append([cid, str(s), date] + [fmt(v) for v in items])
        srs = srs_row(5.6 + 0.9 * lv)  # the SRS item metric 0-10, near its ceiling
        srs_rows.append([cid, str(s), date] + [fmt(v) for v in srs])

write(HERE / "wai-sr-sessions.csv", ["respondent", "session", "date"] + [str(i) for i in range(1, 13)], wai_rows)
write(HERE / "srs-sessions.csv", ["respondent", "session", "date"] + [str(i) for i in range(1, 5)], srs_rows)

bad = [
    ["b01", "1", "2026-02-01"] + ["4"] * 12,                      # good
    ["b01", "2", "2026-02-08"] + ["4"] * 11 + ["7"],              # 7 is outside 1..5
    ["b02", "1", "2026-02-01"] + ["3"] * 5 + ["three"] + ["3"] * 6,  # not a number
    ["b02", "two", "2026-02-08"] + ["3"] * 12,                    # session is not a whole number
    ["b03", "1", "2026-02-01"] + ["2.5"] + ["3"] * 11,            # not a point of the scale
    ["b03", "2", "2026-02-08"] + ["5"] * 12,                      # good
    ["b04", "1", "2026-02-01"] + ["n/a"] + ["3"] * 11,            # WAI-SR has no n/a option
    ["b04", "2", "2026-02-08"] + ["3"] * 10,                      # too few fields
    ["", "1", "2026-02-01"] + ["3"] * 12,                         # no respondent
    ["b05", "1", "2026-02-01"] + ["", "", "4", "4", "4", "4", "4", "4", "4", "4", "4", "4"],  # good: task insufficient
]
write(HERE / "wai-sr-bad-rows.csv", ["respondent", "session", "date"] + [str(i) for i in range(1, 13)], bad)
