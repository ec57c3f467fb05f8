#!/usr/bin/env python3
"""Independent high-precision reference table for Erlang B, Erlang C and Erlang A.

Writes tests/data/erlang_ref.csv, which tests/it/erlang_ref.rs compares with the
library to 1e-9 relative. Needs only mpmath (PyPI: `pip install mpmath`; made with
mpmath 1.3.0, pure-Python backend, Python 3.11).

Rerun (from the repository root):

    python3 tests/reference/erlang_ref.py --out tests/data/erlang_ref.csv   # ~1 min
    python3 tests/reference/erlang_ref.py > tests/data/erlang_ref.csv       # same, to stdout
    python3 tests/reference/erlang_ref.py --selftest                        # checks, ~1 min
    python3 tests/reference/erlang_ref.py --dps 80 --out /tmp/ref80.csv     # precision check

A summary (rows per model, skipped cases, run time) goes to stderr.

Columns: model,agents,load_erl,aht_s,patience_s,t_s,blocking,p_wait,service_level,asa_s,p_abandon
(empty cell = not applicable). Inputs are printed with Python's float repr and the
computation uses exactly that binary64 value (mpf(float)), so a reader that parses the
inputs as f64 gets the very case that was computed. Outputs are the working-precision
values rounded to 17 significant digits (mpmath.nstr(x, 17)); they are not rounded
through a float first.

Notation: N agents, A load (Erlang), aht mean handle time (s), mu = 1/aht,
lambda = A mu, patience exponential with mean patience_s, theta = 1/patience_s,
T = t_s. Everything is evaluated at mp.dps = 50 (option --dps).

Model B (M/M/N/N):  blocking = (A^N/N!) / sum_{k<=N} A^k/k!, summed as the loss chain
  seen from state N: 1/B = sum_{j=0..N} N!/((N-j)! A^j), terms by their ratio.
Model C (M/M/N, A < N):  p_wait = C = N B / (N - A (1 - B)) with B as above;
  service_level = 1 - C exp(-(N-A) T/aht); asa_s = C aht/(N-A) (mean over ALL contacts).
Model A (M/M/N+M, Erlang A / Palm):  birth-death chain, birth lambda, death n mu for
  n <= N, N mu + (n-N) theta above. Weights relative to state N are summed state by
  state with ratio recurrences (downwards n = N-1..0 exactly; upwards q = n-N = 1, 2, ...
  until the geometric tail bound of every accumulated series -- mass, E[queue],
  P(answered) mass, ASA numerator -- is below 1e-45 of its partial sum; the remaining
  mass is therefore < 1e-45 relative, stricter than the 1e-40 asked for).
  By PASTA an arrival sees the stationary state. Arrivals at n < N are answered at once
  (wait 0, counted as answered within T). An arrival finding q already queued
  (n = N+q) is served after V_q = sum_{j=0..q} Exp(N mu + j theta) and is answered iff
  its own patience exceeds V_q. With y = N mu/theta and U = 1 - exp(-theta T):
      P(answered | q)            = y/(y+q+1)
      P(answered, V_q <= T | q)  = y/(y+q+1) * I_U(q+1, y+1)
      E[V_q ; answered | q]      = y/(y+q+1) * (1/theta) * sum_{j=1..q+1} 1/(y+j)
  (answered-conditional phase j has total rate theta(y+j+1), so V_q | answered is the
  (q+1)-th order statistic of y+q+1 Exp(theta) clocks when y is an integer).
  I_U(q+1, y+1) is the regularised incomplete beta. It is NOT taken from
  mpmath.betainc (whose hypergeometric series fails to converge for the large
  parameters here, e.g. a = 1e5, b = 5e5) but from the negative-binomial identity
      I_U(q+1, b) = P(K >= q+1) = sum_{k > q} p_k,  p_k = Gamma(b+k)/(Gamma(b) k!) U^k (1-U)^b,
  p_0 = exp(-theta T (y+1)), p_{k+1} = p_k U (b+k)/(k+1): a sum of positive terms,
  accumulated from the top (k large) downwards, i.e. always in the increasing-sum
  direction, so I_q is accurate in relative terms whether it is 1e-300 or 1 - 1e-300.
  The NB sum is continued past the last chain state until its tail bound is < 1e-45
  of the sum beyond that state.
  p_wait = sum_{q>=0} pi_{N+q}; p_abandon = theta E[queue]/lambda;
  service_level = P(answered within T) over ALL offered contacts (abandoners are
  misses); asa_s = E[wait | answered] (zero waits of immediate answers included).
  After the sums the chain truncation is re-checked against the SL sum itself
  (bound of the omitted SL terms < 1e-40 of SL); otherwise the chain is extended.

Cases: B N in {1,2,5,14,50,100,500,1000,5000,10000,50000} x A/N in
{0.1,0.5,0.9,1,1.5,3} plus A = 0.001 at N = 1, 5; C the same N x A/N in
{0.1,0.5,0.7,0.9,0.97,0.999} (aht 180/300, T 20/60 alternating) plus N=14, A=10,
aht 180, T 20; A N in {1,2,5,14,50,100,1000,10000,50000} x A/N in {0.5,0.9,1,1.2,2}
with patience/aht cycling through {0.5, 2/3 (aht 180, patience 120), 1, 10} and T
20/60, plus extra overloaded / long-patience rows and the peers' workloads W1 (N=14,
A = 160000/(31*86400)*180, aht 180, patience 120, T 20) and W2 (N=115, 10x the rate).
A case is skipped (not written) if any value it would print is below 1e-290, or if a
sum does not converge within the iteration cap; the count is reported on stderr.

How the formulas were verified (--selftest, all must pass):
  1. per-state formulas for q = 0..5 against mpmath.quad of the hypoexponential
     density (distinct-rate partial fractions) times the survival exp(-theta s),
     at 50 digits (agree to ~1e-40), and against a 400k-sample Monte Carlo per q;
  2. the NB-tail incomplete beta against mpmath.betainc (moderate parameters) and
     against an independent positive hypergeometric series with a log-gamma
     prefactor (large parameters, up to a = 1e5, b = 5e5);
  3. (a) Erlang A with patience = 1e12 aht against Erlang C (p_wait, SL, ASA, 1e-9);
  4. (b) flow identities P(answered) = 1 - p_abandon and
     lambda (1 - p_abandon) aht = E[busy agents] for every A row of the table;
  5. (c) brute force for small N: the truncated M/M/N+M generator solved with
     mpmath.lu_solve, and the tagged-caller absorbing chain (states = callers ahead,
     exits answered / abandoned) with mpmath.expm (P(answered by T)) and the
     fundamental matrix (E[V; answered]); KPIs agree with the closed forms;
  6. p_wait and p_abandon of every A row with N <= 1000 against the Mandelbaum-Zeltyn
     incomplete-gamma closed forms, and Erlang B against the regularised upper
     incomplete gamma (B = e^-A A^N/N! / Q(N+1, A));
  7. the shown digits of /work/shared/bench/peers/README.md (W1: p_abandon 0.034606,
     SL 0.898501, ASA 3.5675 s, P(wait) 0.182565, utilisation 0.741470; W2 likewise;
     Erlang C at W1/W2 staffing) and the textbook Erlang C example (100 calls per
     30 min, aht 180 s, 14 agents, T = 20 s: SL 0.888).
"""
import argparse
import math
import random
import sys
import time

import mpmath as mp
from mpmath import mpf

DEFAULT_DPS = 50
TAIL_TOL_EXP = 45      # chain / NB sums stop when the tail bound < 10^-45 of the partial sum
SL_TRUNC_TOL_EXP = 40  # post-check of the chain truncation against the SL sum
MAX_STATES = 5_000_000
SKIP_BELOW = mpf("1e-290")

HEADER = "model,agents,load_erl,aht_s,patience_s,t_s,blocking,p_wait,service_level,asa_s,p_abandon"


class NotConverged(Exception):
    pass


# ----------------------------------------------------------------------------- Erlang B / C
def erlang_b(n, a):
    """B(N, A) from the loss chain seen from state N: 1/B = sum_j N!/((N-j)! A^j)."""
    a = mpf(a)
    term = mpf(1)
    total = mpf(1)
    for j in range(n):
        term = term * (n - j) / a
        total += term
    return 1 / total


def erlang_c(n, a, aht, t):
    a, aht, t = mpf(a), mpf(aht), mpf(t)
    if not a < n:
        raise ValueError("Erlang C needs A < N")
    b = erlang_b(n, a)
    c = n * b / (n - a * (1 - b))
    sl = 1 - c * mp.exp(-(n - a) * t / aht)
    asa = c * aht / (n - a)
    return {"p_wait": c, "service_level": sl, "asa_s": asa, "blocking_N": b}


# ----------------------------------------------------------------------------- Erlang A
def erlang_a(n, a, aht, patience, t, q_min=0):
    """Erlang A KPIs by explicit chain sums and per-queue-state closed forms.

    q_min forces the chain to be summed at least up to queue length q_min (used when
    the post-check of the truncation asks for more states)."""
    a, aht, patience, t = mpf(a), mpf(aht), mpf(patience), mpf(t)
    tol = mpf(10) ** -TAIL_TOL_EXP
    mu, th = 1 / aht, 1 / patience
    lam = a * mu
    y = n * mu / th
    big = n * mu
    # ---- states n' = N-1 .. 0, weights relative to state N (w_N = 1)
    below = mpf(0)       # sum_{n'<N} w
    busy_below = mpf(0)  # sum_{n'<N} n' w
    w = mpf(1)
    for j in range(1, n + 1):
        w = w * (n - j + 1) / a       # w_{N-j} = w_{N-j+1} (N-j+1) mu / lambda
        below += w
        busy_below += (n - j) * w
    # ---- queue states q = 0, 1, ... (state N+q), forward pass
    mass_q = mpf(0)   # sum w_q
    eq = mpf(0)       # sum q w_q
    ans_q = mpf(0)    # sum w_q y/(y+q+1)
    wait_num = mpf(0)  # sum w_q y/(y+q+1) H_q / theta,  H_q = sum_{j=1..q+1} 1/(y+j)
    h = mpf(0)
    wq = mpf(1)
    q = 0
    while True:
        h += 1 / (y + q + 1)
        aq = y / (y + q + 1)
        mass_q += wq
        eq += q * wq
        ans_q += wq * aq
        wait_num += wq * aq * h
        r = lam / (big + (q + 1) * th)  # w_{q+1}/w_q; decreasing in q
        if q >= 1 and q >= q_min and r < 1:
            g = r / (1 - r)
            tail_mass = wq * g
            tail_eq = wq * (q * g + r / (1 - r) ** 2)
            tail_ans = wq * aq * g
            tail_wait = wq * (h * g + r / ((1 - r) ** 2 * (y + 1)))
            if (tail_mass < tol * (below + mass_q) and tail_eq < tol * eq
                    and tail_ans < tol * (below + ans_q) and tail_wait < tol * wait_num):
                break
        if q > MAX_STATES:
            raise NotConverged(f"chain not truncated after {MAX_STATES} queue states")
        wq = wq * r
        q += 1
    q_max, w_last, r_last = q, wq, r
    z = below + mass_q
    # ---- incomplete beta I_U(q+1, y+1) for q = 0..q_max as negative-binomial tails
    u = -mp.expm1(-th * t)
    b = y + 1
    pk = mp.exp(-th * t * b)  # p_0 = (1-U)^b
    k = 0
    while k < q_max:
        pk = pk * u * (b + k) / (k + 1)
        k += 1
    p_at_qmax = pk  # p_{q_max}
    tail = mpf(0)   # sum_{k > q_max} p_k
    while True:
        rho = u * (b + k) / (k + 1)  # p_{k+1}/p_k, decreasing in k
        pk = pk * rho
        k += 1
        tail += pk
        rho_next = u * (b + k) / (k + 1)
        if rho_next < 1 and pk * rho_next / (1 - rho_next) < tol * tail:
            break
        if k - q_max > MAX_STATES:
            raise NotConverged("NB tail not converged")
    # ---- backward pass q = q_max .. 0: SL terms with I_q = sum_{k>q} p_k
    inc = tail         # I_{q_max}
    pq = p_at_qmax     # p_{q_max}
    wq = w_last
    sl_q = mpf(0)
    c_last = None
    for q in range(q_max, -1, -1):
        term = wq * y / (y + q + 1) * inc
        if c_last is None:
            c_last = term
        sl_q += term
        if q > 0:
            inc += pq                               # I_{q-1} = I_q + p_q
            pq = pq * q / (u * (b + q - 1))         # p_{q-1}
            wq = wq * (big + q * th) / lam          # w_{q-1}
    sl_num = below + sl_q
    # post-check: omitted SL terms decrease at least as fast as the weights
    if c_last * r_last / (1 - r_last) >= mpf(10) ** -SL_TRUNC_TOL_EXP * sl_num:
        return erlang_a(n, a, aht, patience, t, q_min=2 * q_max + 100)
    p_wait = mass_q / z
    p_ab = th * (eq / z) / lam
    p_ans = (below + ans_q) / z
    busy = (busy_below + n * mass_q) / z
    return {
        "p_wait": p_wait,
        "p_abandon": p_ab,
        "service_level": sl_num / z,
        "asa_s": (wait_num / th / z) / p_ans,
        "p_answered": p_ans,
        "busy": busy,
        "mean_queue": eq / z,
        "q_max": q_max,
        "nb_terms": k,
    }


# ----------------------------------------------------------------------------- cases
def cases():
    """(model, N, A, aht, patience, T) with all inputs as Python floats (N int)."""
    out = []
    ns = [1, 2, 5, 14, 50, 100, 500, 1000, 5000, 10000, 50000]
    for n in ns:
        for f in [0.1, 0.5, 0.9, 1.0, 1.5, 3.0]:
            out.append(("B", n, n * f, None, None, None))
    out += [("B", 1, 0.001, None, None, None), ("B", 5, 0.001, None, None, None)]
    for i, n in enumerate(ns):
        for j, f in enumerate([0.1, 0.5, 0.7, 0.9, 0.97, 0.999]):
            aht = 180.0 if j % 2 == 0 else 300.0
            t = 20.0 if (i + j // 2) % 2 == 0 else 60.0
            out.append(("C", n, n * f, aht, None, t))
    out.append(("C", 14, 10.0, 180.0, None, 20.0))  # 100 calls / 30 min, aht 180 s
    # Erlang A: patience/aht cycles through the ratios, aht alternates by N
    ratios = [0.5, 2 / 3, 1.0, 10.0]
    for i, n in enumerate([1, 2, 5, 14, 50, 100, 1000, 10000, 50000]):
        for j, f in enumerate([0.5, 0.9, 1.0, 1.2, 2.0]):
            ratio = ratios[(i + j) % 4]
            if ratio == 2 / 3:
                aht, pat = 180.0, 120.0
            else:
                aht = 180.0 if i % 2 == 0 else 300.0
                pat = aht * ratio
            t = 20.0 if (i + j) % 2 == 0 else 60.0
            out.append(("A", n, n * f, aht, pat, t))
    extra = [  # heavier overload / long patience, and every ratio at a few sizes
        (14, 1.0, 180.0, 90.0, 20.0), (14, 2.0, 180.0, 1800.0, 60.0),
        (100, 0.9, 180.0, 1800.0, 20.0), (100, 2.0, 180.0, 90.0, 60.0),
        (1000, 1.2, 300.0, 300.0, 20.0), (1000, 2.0, 180.0, 120.0, 20.0),
        (10000, 1.2, 180.0, 90.0, 20.0), (10000, 2.0, 180.0, 90.0, 60.0),
        (50000, 1.2, 180.0, 90.0, 20.0), (50000, 2.0, 180.0, 90.0, 60.0),
        (50000, 1.0, 180.0, 1800.0, 20.0), (50000, 0.9, 180.0, 120.0, 20.0),
    ]
    for n, f, aht, pat, t in extra:
        out.append(("A", n, n * f, aht, pat, t))
    month = 31 * 86400
    out.append(("A", 14, 160000 / month * 180, 180.0, 120.0, 20.0))    # W1
    out.append(("A", 115, 1600000 / month * 180, 180.0, 120.0, 20.0))  # W2
    return out


def compute(case):
    model, n, a, aht, pat, t = case
    if model == "B":
        return {"blocking": erlang_b(n, a)}
    if model == "C":
        return erlang_c(n, a, aht, t)
    return erlang_a(n, a, aht, pat, t)


def fmt(x):
    return mp.nstr(x, 17)


def row(case, vals):
    model, n, a, aht, pat, t = case
    cells = [model, str(n), repr(float(a))]
    cells += ["" if v is None else repr(float(v)) for v in (aht, pat, t)]
    for col in ("blocking", "p_wait", "service_level", "asa_s", "p_abandon"):
        v = vals.get(col) if (model != "C" or col != "blocking") else None
        cells.append("" if v is None else fmt(v))
    return ",".join(cells)


PRINTED = {"B": ["blocking"], "C": ["p_wait", "service_level", "asa_s"],
           "A": ["p_wait", "service_level", "asa_s", "p_abandon"]}


def generate(out):
    t0 = time.time()
    counts = {"B": 0, "C": 0, "A": 0}
    skipped = []
    lines = [HEADER]
    for case in cases():
        tc = time.time()
        try:
            vals = compute(case)
        except NotConverged as e:
            skipped.append((case, str(e)))
            continue
        small = [k for k in PRINTED[case[0]] if vals[k] < SKIP_BELOW]
        if small:
            skipped.append((case, "value below 1e-290: " + ", ".join(
                f"{k}={mp.nstr(vals[k], 3)}" for k in small)))
            continue
        lines.append(row(case, vals))
        counts[case[0]] += 1
        dt = time.time() - tc
        if dt > 2:
            print(f"  {case[0]} N={case[1]} A={case[2]}: {dt:.1f} s"
                  + (f" ({vals['q_max']} queue states)" if "q_max" in vals else ""), file=sys.stderr)
    out.write("\n".join(lines) + "\n")
    for case, why in skipped:
        print(f"skipped {case[0]} N={case[1]} A={case[2]!r}: {why}", file=sys.stderr)
    print(f"rows: B {counts['B']}, C {counts['C']}, A {counts['A']} "
          f"(total {sum(counts.values())}); skipped {len(skipped)}; "
          f"dps {mp.mp.dps}; {time.time() - t0:.1f} s", file=sys.stderr)


# ----------------------------------------------------------------------------- self-test
class Checker:
    def __init__(self):
        self.ok = True
        self.worst = {}

    def rel(self, group, what, got, want, tol):
        err = abs(got - want) / abs(want) if want != 0 else abs(got)
        self.worst[group] = max(self.worst.get(group, mpf(0)), err)
        good = err <= tol
        if not good:
            self.ok = False
            print(f"  FAIL {group}: {what}: {mp.nstr(got, 20)} vs {mp.nstr(want, 20)} (rel {mp.nstr(err, 3)})")
        return good

    def digits(self, what, got, shown):
        """|got - shown| within half a unit of the last shown digit."""
        dec = len(shown.split(".")[1]) if "." in shown else 0
        half = mpf(5) * mpf(10) ** -(dec + 1)
        good = abs(got - mpf(shown)) <= half
        self.ok &= good
        print(f"  {'ok  ' if good else 'FAIL'} {what}: {mp.nstr(got, 17)} vs shown {shown}")

    def report(self):
        for g, e in self.worst.items():
            print(f"  largest relative disagreement, {g}: {mp.nstr(e, 3)}")


def hypoexp_density(rates):
    rates = [mpf(r) for r in rates]

    def f(s):
        return mp.fsum(mp.fprod(rates) * mp.exp(-r * s) / mp.fprod([rr - r for rr in rates if rr != r])
                       for r in rates)
    return f


def per_state(q, y, th, t):
    """The three closed forms for one queue state, with I from mpmath.betainc."""
    u = -mp.expm1(-th * t)
    aq = y / (y + q + 1)
    h = mp.fsum(1 / (y + j) for j in range(1, q + 2))
    return aq, aq * mp.betainc(q + 1, y + 1, 0, u, regularized=True), aq * h / th


def nb_tail_inc(q, y, u):
    """I_U(q+1, y+1) by the NB tail, as in erlang_a (standalone copy for the test)."""
    b = y + 1
    pk = mp.exp(b * mp.log1p(-u))
    k = 0
    while k < q:
        pk = pk * u * (b + k) / (k + 1)
        k += 1
    tail = mpf(0)
    while True:
        pk = pk * u * (b + k) / (k + 1)
        k += 1
        tail += pk
        rn = u * (b + k) / (k + 1)
        if rn < 1 and pk * rn / (1 - rn) < mpf(10) ** -(mp.mp.dps + 2) * tail:
            return tail


def inc_beta_series(a, b, x):
    """Independent I_x(a, b) (x below the mean): x^a (1-x)^b / (a B(a,b)) 2F1(a+b, 1; a+1; x),
    all terms positive; prefactor through log-gamma at extra precision."""
    with mp.workdps(mp.mp.dps + 20):
        a, b, x = mpf(a), mpf(b), mpf(x)
        logpre = (mp.loggamma(a + b) - mp.loggamma(a + 1) - mp.loggamma(b)
                  + a * mp.log(x) + b * mp.log1p(-x))
        s, term, k = mpf(1), mpf(1), 0
        while True:
            term = term * (a + b + k) * x / (a + 1 + k)
            k += 1
            s += term
            if term < mpf(10) ** -(mp.mp.dps + 5) * s:
                break
        return +(mp.exp(logpre) * s)


def brute_force_a(n, a, aht, patience, t, qmax):
    """Small-N Erlang A by linear algebra on the truncated chain + tagged-caller chain."""
    a, aht, patience, t = mpf(a), mpf(aht), mpf(patience), mpf(t)
    mu, th = 1 / aht, 1 / patience
    lam = a * mu
    m = n + qmax + 1  # states 0 .. n+qmax
    Q = mp.zeros(m, m)
    for s in range(m):
        if s + 1 < m:
            Q[s, s + 1] = lam
        if s > 0:
            Q[s, s - 1] = min(s, n) * mu + max(s - n, 0) * th
        Q[s, s] = -sum(Q[s, j] for j in range(m) if j != s)
    # pi Q = 0, sum pi = 1: solve Q^T pi = 0 with the last equation replaced
    M = Q.T
    for j in range(m):
        M[m - 1, j] = 1
    rhs = mp.zeros(m, 1)
    rhs[m - 1] = 1
    pi = mp.lu_solve(M, rhs)
    # tagged caller with j callers ahead (j = 0..qmax): j -> j-1 at N mu + j theta,
    # j = 0 -> answered at N mu, abandonment at theta; augmented with two absorbing states
    k = qmax + 1
    G = mp.zeros(k + 2, k + 2)  # index k = answered, k+1 = abandoned
    for j in range(k):
        if j > 0:
            G[j, j - 1] = n * mu + j * th
        else:
            G[j, k] = n * mu
        G[j, k + 1] = th
        G[j, j] = -(n * mu + j * th + th)
    E = mp.expm(G * t)
    S = mp.matrix(k, k)
    for i in range(k):
        for j in range(k):
            S[i, j] = G[i, j]
    s_ans = mp.zeros(k, 1)
    s_ans[0] = n * mu
    neg_inv = mp.inverse(-S)
    p_ans_j = neg_inv * s_ans
    ev_ans_j = neg_inv * (neg_inv * s_ans)  # E[V 1{answered}] = S^-2 s_ans
    p_imm = mp.fsum(pi[s] for s in range(n))
    p_wait = 1 - p_imm
    sl = p_imm + mp.fsum(pi[n + j] * E[j, k] for j in range(k))
    p_ans = p_imm + mp.fsum(pi[n + j] * p_ans_j[j] for j in range(k))
    wait = mp.fsum(pi[n + j] * ev_ans_j[j] for j in range(k))
    eq = mp.fsum(max(s - n, 0) * pi[s] for s in range(m))
    return {"p_wait": p_wait, "service_level": sl, "asa_s": wait / p_ans,
            "p_abandon": th * eq / lam, "p_answered": p_ans}


def mandelbaum_zeltyn(n, a, aht, patience):
    """P(wait > 0) and P(abandon) of M/M/N+M from the incomplete-gamma closed forms."""
    with mp.workdps(mp.mp.dps + 30):
        a, aht, patience = mpf(a), mpf(aht), mpf(patience)
        mu, th = 1 / aht, 1 / patience
        lam = a * mu
        x, yy = n * mu / th, lam / th
        axy = x * mp.exp(yy) / yy ** x * mp.gammainc(x, 0, yy)
        e1 = erlang_b(n, a)
        pw = axy * e1 / (1 + (axy - 1) * e1)
        rho = lam / (n * mu)
        pab = pw * (1 / (rho * axy) + 1 - 1 / rho)
        return +pw, +pab


def selftest():
    ck = Checker()
    t0 = time.time()

    print("1. per-state closed forms vs mpmath.quad of the hypoexponential density, and Monte Carlo")
    rng = random.Random(20261124)
    for n, aht, pat, t in [(3, 180, 90, 40), (14, 180, 120, 20), (2, 300, 3000, 60)]:
        n, aht, pat, t = n, mpf(aht), mpf(pat), mpf(t)
        mu, th = 1 / aht, 1 / pat
        y = n * mu / th
        for q in range(6):
            rates = [n * mu + j * th for j in range(q + 1)]
            f = hypoexp_density(rates)
            ans_t = mp.quad(lambda s: f(s) * mp.exp(-th * s), [0, t])
            ans = mp.quad(lambda s: f(s) * mp.exp(-th * s), [0, t, mp.inf])
            wait = mp.quad(lambda s: s * f(s) * mp.exp(-th * s), [0, t, mp.inf])
            p1, p2, p3 = per_state(q, y, th, t)
            ck.rel("per-state vs quad", f"P(ans|q={q})", p1, ans, mpf("1e-35"))
            ck.rel("per-state vs quad", f"P(ans,V<=T|q={q})", p2, ans_t, mpf("1e-35"))
            ck.rel("per-state vs quad", f"E[V;ans|q={q}]", p3, wait, mpf("1e-35"))
            # Monte Carlo: 400k tagged callers in state q
            fr = [float(r) for r in rates]
            thf, tf = float(th), float(t)
            m, n_ans, n_ans_t, s_w = 400_000, 0, 0, 0.0
            for _ in range(m):
                v = sum(rng.expovariate(r) for r in fr)
                if rng.expovariate(thf) > v:
                    n_ans += 1
                    s_w += v
                    if v <= tf:
                        n_ans_t += 1
            for what, est, exact in [("P(ans)", n_ans / m, p1), ("P(ans,V<=T)", n_ans_t / m, p2)]:
                se = math.sqrt(float(exact) * (1 - float(exact)) / m) + 1e-12
                z = (est - float(exact)) / se
                ck.worst["Monte Carlo |z|"] = max(ck.worst.get("Monte Carlo |z|", mpf(0)), mpf(abs(z)))
                if abs(z) > 5:
                    ck.ok = False
                    print(f"  FAIL MC {what} q={q}: {est} vs {float(exact)} (z {z:.1f})")
            zw = (s_w / m - float(p3)) / (float(p3) * 3 / math.sqrt(m) + 1e-12)  # loose
            if abs(zw) > 5:
                ck.ok = False
                print(f"  FAIL MC E[V;ans] q={q}: {s_w / m} vs {float(p3)}")

    print("2. NB-tail incomplete beta vs mpmath.betainc and vs a positive hypergeometric series")
    for y, u, qs in [(mpf("7.5"), mpf("0.3"), [0, 1, 5, 29, 80]),
                     (mpf(14) * 120 / 180, -mp.expm1(-mpf(20) / 120), [0, 3, 10, 40]),
                     (mpf(2e-12), mpf("1e-10"), [0, 2, 7]),
                     (mpf(250), -mp.expm1(-mpf(20) / 90), [0, 30, 62, 120, 300])]:
        for q in qs:
            got = nb_tail_inc(q, y, u)
            want = mp.betainc(q + 1, y + 1, 0, u, regularized=True)
            ck.rel("NB tail vs betainc", f"I({q + 1},{mp.nstr(y, 6)})", got, want, mpf("1e-40"))
    for q, y, th, t in [(100000, mpf(500000), mpf(1) / 1800, mpf(20)),
                        (20000, mpf(500000), mpf(1) / 1800, mpf(20)),
                        (25000, mpf(25000), mpf(1) / 90, mpf(60))]:
        u = -mp.expm1(-th * t)
        got = nb_tail_inc(q, y, u)
        want = inc_beta_series(q + 1, y + 1, u)
        ck.rel("NB tail vs series", f"I({q + 1},{y + 1})", got, want, mpf("1e-35"))

    print("3. (a) Erlang A with patience 1e12 aht -> Erlang C")
    for n, a, aht, t in [(14, 10.0, 180.0, 20.0), (1, 0.5, 300.0, 60.0), (100, 90.0, 180.0, 20.0),
                         (1000, 970.0, 300.0, 20.0), (5, 4.85, 180.0, 60.0)]:
        ea = erlang_a(n, a, aht, aht * 1e12, t)
        ec = erlang_c(n, a, aht, t)
        for kpi in ("p_wait", "service_level", "asa_s"):
            ck.rel("A(patience->inf) vs C", f"N={n} A={a} {kpi}", ea[kpi], ec[kpi], mpf("1e-9"))

    print("4. (b) flow identities on every A row of the table; 6. Mandelbaum-Zeltyn for N <= 1000")
    for case in cases():
        model, n, a, aht, pat, t = case
        if model == "B":
            if 0 < erlang_b(n, a) and n <= 10000:
                with mp.workdps(mp.mp.dps + 20):
                    a_ = mpf(a)
                    lg = -a_ + n * mp.log(a_) - mp.loggamma(n + 1)
                    want = mp.exp(lg) / mp.gammainc(n + 1, a_, regularized=True)
                ck.rel("B vs incomplete gamma", f"N={n} A={a}", erlang_b(n, a), want, mpf("1e-35"))
            continue
        if model != "A":
            continue
        r = erlang_a(n, a, aht, pat, t)
        ck.rel("P(answered) = 1 - p_abandon", f"N={n} A={a}", r["p_answered"], 1 - r["p_abandon"], mpf("1e-35"))
        ck.rel("lambda (1-p_ab) aht = E[busy]", f"N={n} A={a}", mpf(a) * (1 - r["p_abandon"]), r["busy"], mpf("1e-35"))
        if n <= 1000:
            pw, pab = mandelbaum_zeltyn(n, a, aht, pat)
            ck.rel("p_wait vs Mandelbaum-Zeltyn", f"N={n} A={a}", r["p_wait"], pw, mpf("1e-30"))
            ck.rel("p_abandon vs Mandelbaum-Zeltyn", f"N={n} A={a}", r["p_abandon"], pab, mpf("1e-30"))

    print("5. (c) brute force (generator + lu_solve, tagged caller + expm) for small N")
    for n, a, aht, pat, t, qmax in [(3, 2.7, 180.0, 90.0, 40.0, 70), (1, 0.9, 180.0, 120.0, 20.0, 70),
                                    (2, 4.0, 300.0, 600.0, 60.0, 110), (5, 5.0, 180.0, 180.0, 20.0, 80)]:
        bf = brute_force_a(n, a, aht, pat, t, qmax)
        r = erlang_a(n, a, aht, pat, t)
        for kpi in ("p_wait", "service_level", "asa_s", "p_abandon"):
            ck.rel("closed forms vs brute force", f"N={n} A={a} {kpi}", r[kpi], bf[kpi], mpf("1e-25"))

    print("7. published digits (shared/bench/peers README) and textbook Erlang C")
    month = 31 * 86400
    w1 = erlang_a(14, 160000 / month * 180, 180.0, 120.0, 20.0)
    ck.digits("W1 p_abandon", w1["p_abandon"], "0.034606")
    ck.digits("W1 service level (offered)", w1["service_level"], "0.898501")
    ck.digits("W1 SL answered", w1["service_level"] / w1["p_answered"], "0.930710")
    ck.digits("W1 ASA answered s", w1["asa_s"], "3.5675")
    ck.digits("W1 P(wait)", w1["p_wait"], "0.182565")
    ck.digits("W1 mean wait all s", w1["mean_queue"] / (mpf(160000 / month)), "4.1527")
    ck.digits("W1 utilisation", w1["busy"] / 14, "0.741470")
    w2 = erlang_a(115, 1600000 / month * 180, 180.0, 120.0, 20.0)
    ck.digits("W2 p_abandon", w2["p_abandon"], "0.015983")
    ck.digits("W2 service level (offered)", w2["service_level"], "0.967384")
    ck.digits("W2 ASA answered s", w2["asa_s"], "1.8318")
    ck.digits("W2 P(wait)", w2["p_wait"], "0.226452")
    ck.digits("W2 utilisation", w2["busy"] / 115, "0.920072")
    c14 = erlang_c(14, 160000 / month * 180, 180.0, 20.0)
    ck.digits("Erlang C W1 c=14 SL", c14["service_level"], "0.8141")
    ck.digits("Erlang C W1 c=14 P(wait)", c14["p_wait"], "0.2666")
    ck.digits("Erlang C W1 c=14 ASA s", c14["asa_s"], "14.78")
    ck.digits("Erlang C W1 c=13 SL", erlang_c(13, 160000 / month * 180, 180.0, 20.0)["service_level"], "0.6756")
    ck.digits("Erlang C W2 c=115 SL", erlang_c(115, 1600000 / month * 180, 180.0, 20.0)["service_level"], "0.8382")
    ck.digits("Erlang C W2 c=115 ASA s", erlang_c(115, 1600000 / month * 180, 180.0, 20.0)["asa_s"], "8.94")
    ck.digits("Erlang C 100 calls/30 min, 14 agents, SL", erlang_c(14, 10.0, 180.0, 20.0)["service_level"], "0.888")
    ck.digits("Erlang B N=1 A=1", erlang_b(1, 1.0), "0.5")

    ck.report()
    print(f"selftest {'PASSED' if ck.ok else 'FAILED'} ({time.time() - t0:.1f} s, dps {mp.mp.dps})")
    return 0 if ck.ok else 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", help="write the CSV here (default: stdout)")
    ap.add_argument("--selftest", action="store_true", help="run the checks instead")
    ap.add_argument("--dps", type=int, default=DEFAULT_DPS, help="working decimal digits (default 50)")
    args = ap.parse_args()
    mp.mp.dps = args.dps
    if args.selftest:
        return selftest()
    if args.out:
        with open(args.out, "w", newline="") as f:
            generate(f)
    else:
        generate(sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
