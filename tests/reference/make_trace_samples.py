#!/usr/bin/env python3
"""Write the made-up trace samples of tests/data/trace/ for `ccsim simulate --trace`.

Deterministic (a fixed linear congruential generator, no `random` module), so running
it again rewrites the same bytes:

    python3 tests/reference/make_trace_samples.py

* olymp_thursday.csv: one Thursday (2024-03-07) of first-line contacts for
  scenarios/olymp.toml: voice, chat and e-mail in its 11 languages, arrivals from
  06:00 to 22:00 UTC every 45 to 135 s; about 70% carry their own handle time, about
  6% of voice and chat contacts abandoned (abandon_after_s), the rest leave the
  handle time to the scenario.
* mmc_monday.csv: 48 voice/en contacts for scenarios/mmc.toml in plain seconds (no
  calendar date, so the trace starts on Monday): one at 10 and 40 minutes past every
  hour, contact k with handle_s = 60 + 10 k (sum 14,160 s).
"""

from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "data" / "trace"


class Lcg:
    def __init__(self, seed):
        self.x = seed

    def next(self):
        self.x = (self.x * 6364136223846793005 + 1442695040888963407) % 2**64
        return (self.x >> 33) / 2**31  # in [0, 1)


def olymp():
    rng = Lcg(20240307)
    langs = ["en", "ru", "pt", "es", "hi", "id", "th", "vi", "ar", "tr", "ms"]
    weights = [30, 15, 10, 10, 8, 7, 5, 5, 4, 3, 3]
    rows = ["arrival,channel,language,handle_s,abandon_after_s"]
    t = 6 * 3600
    while True:
        t += 45 + int(rng.next() * 91)
        if t >= 22 * 3600:
            break
        u = rng.next()
        channel = "voice" if u < 0.5 else ("chat" if u < 0.85 else "email")
        v = rng.next() * sum(weights)
        for lang, w in zip(langs, weights):
            if v < w:
                break
            v -= w
        handle, abandon = "", ""
        r = rng.next()
        if channel != "email" and r < 0.06:
            abandon = str(20 + int(rng.next() * 160))
        elif r < 0.76:
            mean = {"voice": 240, "chat": 180, "email": 360}[channel]
            handle = str(int(mean * (0.3 + 1.4 * rng.next())))
        h, m, s = t // 3600, t // 60 % 60, t % 60
        rows.append(f"2024-03-07T{h:02}:{m:02}:{s:02},{channel},{lang},{handle},{abandon}")
    (OUT / "olymp_thursday.csv").write_text("\n".join(rows) + "\n")


def mmc():
    rows = ["arrival,channel,language,handle_s"]
    for k in range(48):
        t = (k // 2) * 3600 + (10 if k % 2 == 0 else 40) * 60
        rows.append(f"{t},voice,en,{60 + 10 * k}")
    (OUT / "mmc_monday.csv").write_text("\n".join(rows) + "\n")


if __name__ == "__main__":
    olymp()
    mmc()
