#!/usr/bin/env python3
"""Independent high-precision reference values for Erlang B, C and A.

Writes tests/data/erlang_ref.csv, which tests/it/erlang_ref.rs compares with the
library to 1e-9 relative. Rerun (needs mpmath from PyPI; nothing else):

    python3 tests/reference/erlang_ref.py > tests/data/erlang_ref.csv
    python3 tests/reference/erlang_ref.py --selftest

Method, deliberately different from src/erlang (which uses a scaled recursion,
positive series in scaled form and Gauss-Legendre quadrature in double precision):
everything here is summed state by state at 90 significant digits with mpmath.

* B: the loss chain summed directly, B = (A^N/N!) / sum_{k<=N} A^k/k!.
* C: P(wait) = N B / (N - A (1 - B)) from that B; SL(T) = 1 - C exp(-(N-A) T/AHT);
  ASA over all contacts = C AHT / (N - A).
* A (M/M/N+M): the birth-death chain (birth lambda; death n mu up to N, N mu + (n-N)
  theta above) summed explicitly until the terms fall below 1e-45 of the total.
  By PASTA an arrival finding q waiting is served after V_q = sum_{j=0..q}
  Exp(N mu + j theta) and answered iff its patience exceeds V_q:
  P(answered | q) = y/(y+q+1), P(answered, V_q <= T | q) = y/(y+q+1) I_U(q+1, y+1)
  with y = N mu/theta, U = 1 - exp(-theta T) and I the regularized incomplete beta
  (from I_U(1, y+1) = 1 - (1-U)^(y+1) by the recurrence in its first parameter;
  --selftest checks it against mpmath.betainc), and E[V_q; answered | q] = y/(y+q+1) (1/theta) sum_{j=1..q+1} 1/(y+j).
  SL is answered within T over all offered; ASA is the mean wait of answered
  contacts; P(abandon) = theta E[queue] / lambda.

--selftest checks the per-state formulas against direct numerical integration of the
hypoexponential density (mpmath.quad) for small q, Erlang A with enormous patience
against Erlang C, the flow identity P(answered) + P(abandon) = 1, and the W1 values of
shared/bench/peers (exact Erlang A by uniformization there: P(abandon) 0.034606,
SL 0.898501, ASA 3.5675 s).
"""
import sys
import mpmath as mp

mp.mp.dps = 90


def erlang_b(n, a):
    a = mp.mpf(a)
    term = mp.mpf(1)
    total = mp.mpf(1)
    for k in range(1, n + 1):
        term = term * a / k
        total += term
    return term / total


def erlang_c(n, a, aht, t):
    a = mp.mpf(a)
    b = erlang_b(n, a)
    c = n * b / (n - a * (1 - b))
    sl = 1 - c * mp.exp(-(n - a) * mp.mpf(t) / aht)
    asa = c * aht / (n - a)
    return c, sl, asa


def erlang_a(n, a, aht, patience, t):
    a, aht, patience, t = mp.mpf(a), mp.mpf(aht), mp.mpf(patience), mp.mpf(t)
    mu, theta = 1 / aht, 1 / patience
    lam = a * mu
    # states below N relative to pi_0 = 1
    w = mp.mpf(1)
    below = mp.mpf(0)
    for k in range(n):
        below += w
        w = w * a / (k + 1)
    pi_n = w  # pi_N / pi_0
    y = n * mu / theta
    u = 1 - mp.exp(-theta * t)
    queue_terms = []
    r = mp.mpf(1)
    q = 0
    total_q = mp.mpf(0)
    while True:
        queue_terms.append(r)
        total_q += r
        nxt = r * lam / (n * mu + (q + 1) * theta)
        q += 1
        if nxt < total_q * mp.mpf(10) ** -45 and lam < n * mu + q * theta:
            break
        r = nxt
    z = below + pi_n * total_q
    p_wait = pi_n * total_q / z
    eq = pi_n * mp.fsum(k * rk for k, rk in enumerate(queue_terms)) / z
    p_ab = theta * eq / lam
    sl = below / z
    wait_ans = mp.mpf(0)
    h = mp.mpf(0)
    # I_U(k+1, y+1) for k = 0, 1, ...: I_U(1, y+1) = 1 - (1-U)^(y+1), then
    # I_U(a+1, b) = I_U(a, b) - U^a (1-U)^b / (a B(a, b)), the subtracted terms by their ratio
    inc = 1 - (1 - u) ** (y + 1)
    step = u * (1 - u) ** (y + 1) * (y + 1)  # term for a = 1
    for k, rk in enumerate(queue_terms):
        p = pi_n * rk / z
        ans = y / (y + k + 1)
        h += 1 / (y + k + 1)
        sl += p * ans * max(inc, mp.mpf(0))
        wait_ans += p * ans * h / theta
        a = k + 1
        inc -= step
        step = step * u * (a + y + 1) / (a + 1)
    asa = wait_ans / (1 - p_ab)
    return p_wait, sl, asa, p_ab


def fmt(x):
    return mp.nstr(x, 17, min_fixed=-5, max_fixed=5)


def cases():
    ns = [1, 2, 5, 14, 50, 100, 500, 1000, 5000, 10000, 50000]
    out = []
    for n in ns:
        for f in [0.1, 0.5, 0.9, 1.0, 1.5, 3.0]:
            out.append(("B", n, n * f, None, None, None))
    out += [("B", 1, 0.001, None, None, None), ("B", 5, 0.001, None, None, None)]
    i = 0
    for n in ns:
        for rho in [0.1, 0.5, 0.7, 0.9, 0.97, 0.999]:
            aht = 180 if i % 2 == 0 else 300
            t = 20 if i % 3 else 60
            out.append(("C", n, n * rho, aht, None, t))
            i += 1
    out.append(("C", 14, 10.0, 180, None, 20))
    combos = [(0.5, 0.5), (0.9, 2 / 3), (1.0, 1.0), (1.2, 10.0), (2.0, 2 / 3), (0.9, 10.0)]
    for n in [1, 2, 5, 14, 50, 100, 1000, 10000, 50000]:
        picks = combos if n <= 1000 else [combos[1], combos[2], combos[3]]
        for j, (rho, ratio) in enumerate(picks):
            aht = 180
            out.append(("A", n, n * rho, aht, aht * ratio, 20 if j % 2 == 0 else 60))
    out.append(("A", 14, 160000 / (31 * 86400) * 180, 180, 120, 20))
    return out


def main():
    print("model,agents,load_erl,aht_s,patience_s,t_s,blocking,p_wait,service_level,asa_s,p_abandon")
    skipped = 0
    for model, n, a, aht, pat, t in cases():
        row = [model, str(n), repr(float(a)), "" if aht is None else str(aht), "" if pat is None else repr(float(pat)), "" if t is None else str(t)]
        if model == "B":
            vals = [erlang_b(n, a), None, None, None, None]
        elif model == "C":
            c, sl, asa = erlang_c(n, a, aht, t)
            vals = [None, c, sl, asa, None]
        else:
            pw, sl, asa, pab = erlang_a(n, a, aht, pat, t)
            vals = [None, pw, sl, asa, pab]
        if any(v is not None and (v < mp.mpf(10) ** -290 or 1 - v < mp.mpf(10) ** -290 and False) for v in vals):
            skipped += 1
            continue
        row += ["" if v is None else fmt(v) for v in vals]
        print(",".join(row))
        sys.stdout.flush()
    print(f"skipped {skipped} cases with a value below 1e-290", file=sys.stderr)


def selftest():
    ok = True

    def check(what, got, want, tol):
        nonlocal ok
        good = abs(got - want) <= tol * abs(want)
        ok &= good
        print(f"{'ok ' if good else 'BAD'} {what}: {mp.nstr(got, 12)} vs {mp.nstr(want, 12)}")

    # per-state formulas against direct integration of the hypoexponential density
    n, aht, patience, t = 3, mp.mpf(180), mp.mpf(90), mp.mpf(40)
    mu, theta = 1 / aht, 1 / patience
    y = n * mu / theta
    for q in range(4):
        rates = [n * mu + j * theta for j in range(q + 1)]
        # density of a sum of exponentials with distinct rates
        def f(s, rates=rates):
            return mp.fsum(
                mp.fprod(rates) * mp.exp(-r * s) / mp.fprod([rr - r for rr in rates if rr != r]) for r in rates
            )
        ans_within = mp.quad(lambda s: f(s) * mp.exp(-theta * s), [0, t])
        ans = mp.quad(lambda s: f(s) * mp.exp(-theta * s), [0, mp.inf])
        wait = mp.quad(lambda s: s * f(s) * mp.exp(-theta * s), [0, mp.inf])
        u = 1 - mp.exp(-theta * t)
        check(f"P(answered | q={q})", y / (y + q + 1), ans, 1e-30)
        check(f"P(answered, V<=T | q={q})", y / (y + q + 1) * mp.betainc(q + 1, y + 1, 0, u, regularized=True), ans_within, 1e-30)
        h = mp.fsum(1 / (y + j) for j in range(1, q + 2))
        check(f"E[V; answered | q={q}]", y / (y + q + 1) * h / theta, wait, 1e-30)
    # the incomplete-beta recurrence against mpmath.betainc
    yy, uu = mp.mpf("7.5"), mp.mpf("0.3")
    inc, step = 1 - (1 - uu) ** (yy + 1), uu * (1 - uu) ** (yy + 1) * (yy + 1)
    for k in range(30):
        if k in (0, 3, 10, 29):
            check(f"I_U({k + 1}, y+1) recurrence", inc, mp.betainc(k + 1, yy + 1, 0, uu, regularized=True), 1e-30)
        a = k + 1
        inc -= step
        step = step * uu * (a + yy + 1) / (a + 1)
    # Erlang A with enormous patience is Erlang C
    pw, sl, asa, pab = erlang_a(14, 10, 180, 1e15, 20)
    c, slc, asac = erlang_c(14, 10, 180, 20)
    check("A(patience -> inf) P(wait) = C", pw, c, 1e-9)
    check("A(patience -> inf) SL = C", sl, slc, 1e-9)
    check("A(patience -> inf) ASA = C", asa, asac, 1e-9)
    # W1 (shared/bench/peers, exact Erlang A by uniformization)
    pw, sl, asa, pab = erlang_a(14, 160000 / (31 * 86400) * 180, 180, 120, 20)
    check("W1 P(abandon)", pab, mp.mpf("0.034606"), 2e-5)
    check("W1 SL over offered", sl, mp.mpf("0.898501"), 1e-6)
    check("W1 ASA of answered", asa, mp.mpf("3.5675"), 2e-5)
    check("W1 P(wait)", pw, mp.mpf("0.182565"), 3e-6)
    # textbook Erlang C
    c, sl, asa = erlang_c(14, 10, 180, 20)
    check("100 calls/30 min, 14 agents: SL", sl, mp.mpf("0.8883"), 1e-4)
    print("selftest", "passed" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    if "--selftest" in sys.argv:
        sys.exit(selftest())
    main()
