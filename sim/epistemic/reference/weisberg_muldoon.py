#!/usr/bin/env python3
"""A straightforward single-threaded Python implementation of the rules of package epistemic
(Weisberg & Muldoon 2009, as re-implemented by Watts & Gilbert 2014): followers, mavericks and
hill-climbing controls on the 101 x 101 two-hill landscape.

It is the speed reference of docs/performance.md: plain Python lists and the standard library,
written the way a modeller would write it, with no vectorisation. It draws its own random numbers
(Python's Mersenne Twister), so its runs are not the Go runs, but its mean progress over seeds
estimates the same quantity. Usage:

    python3 sim/epistemic/reference/weisberg_muldoon.py --followers 100 --mavericks 0 --ticks 500 --seeds 10

prints one JSON object with "progress" (mean over seeds), "follower_progress", "seconds" (wall
time of the simulation, landscape included, interpreter start excluded) and "cpu_seconds" (the
CPU time of the same, which other jobs on a shared machine disturb less).
"""
import argparse
import json
import math
import random
import time

SIZE, HALF = 101, 50
HEADINGS = [(0, 1), (1, 1), (1, 0), (1, -1), (0, -1), (-1, -1), (-1, 0), (-1, 1)]  # clockwise from north
TURN_PROB = 0.02
CONTROL, FOLLOWER, MAVERICK = 0, 1, 2


def patch(x, y):
    x = (x + HALF) % SIZE - HALF
    y = (y + HALF) % SIZE - HALF
    return (y + HALF) * SIZE + (x + HALF)


def landscape():
    sig = [0.0] * (SIZE * SIZE)
    nbr = [None] * (SIZE * SIZE)
    for p in range(SIZE * SIZE):
        x, y = p % SIZE - HALF, p // SIZE - HALF
        dx, dy = x - 25, y - 25
        s = 0.75 * math.exp(-(0.02 * dx * dx + 0.01 * dx * dy + 0.02 * dy * dy))
        dx, dy = x + 5, y + 5
        s += 0.70 * math.exp(-(0.01 * dx * dx + 0.01 * dx * dy + 0.01 * dy * dy))
        sig[p] = s if s >= 0.001 else 0.0
        nbr[p] = [patch(x + hx, y + hy) for hx, hy in HEADINGS]
    return sig, nbr


def simulate(sig, nbr, controls, followers, mavericks, ticks, rnd, tie_first=False):
    n = len(sig)
    agents = []  # [rule, at, prev, heading, last]
    for rule, count in ((CONTROL, controls), (FOLLOWER, followers), (MAVERICK, mavericks)):
        for _ in range(count):
            p = rnd.randrange(n)
            while sig[p] != 0:
                p = rnd.randrange(n)
            agents.append([rule, p, p, rnd.randrange(8), 0.0])
    visited = [False] * n
    by_follower = [False] * n

    def move(a, p):
        a[4] = sig[a[1]]
        a[2], a[1] = a[1], p

    def step_back(a):
        a[3] = rnd.randrange(8)
        move(a, a[2])

    def mark(a):
        visited[a[1]] = True
        if a[0] == FOLLOWER:
            by_follower[a[1]] = True

    order = list(range(len(agents)))
    for _ in range(ticks):
        rnd.shuffle(order)
        for i in order:
            a = agents[i]
            mark(a)
            here = sig[a[1]]
            nb = nbr[a[1]]
            if a[0] == CONTROL:
                if here < a[4]:
                    step_back(a)
                    continue
                if here == a[4] and rnd.random() < TURN_PROB:
                    a[3] = rnd.randrange(8)
                move(a, nb[a[3]])
            elif a[0] == FOLLOWER:
                best, best_set, unvisited = -1.0, [], []
                for p in nb:
                    if not visited[p]:
                        unvisited.append(p)
                    elif sig[p] > best:
                        best, best_set = sig[p], [p]
                    elif sig[p] == best:
                        best_set.append(p)
                if not best_set:
                    move(a, nb[rnd.randrange(8)])
                elif best >= here:
                    move(a, best_set[0] if tie_first else best_set[rnd.randrange(len(best_set))])
                elif unvisited:
                    move(a, unvisited[rnd.randrange(len(unvisited))])
            else:
                if here < a[4]:
                    step_back(a)
                    continue
                if not visited[nb[a[3]]]:
                    move(a, nb[a[3]])
                    continue
                cand = [h for h, p in enumerate(nb) if not visited[p]]
                if not cand:
                    cand = [h for h, p in enumerate(nb) if sig[p] >= here]
                if cand:
                    a[3] = cand[rnd.randrange(len(cand))]
                    move(a, nb[a[3]])
    for a in agents:
        mark(a)
    significant = sum(1 for s in sig if s > 0)
    seen = sum(1 for p, s in enumerate(sig) if s > 0 and visited[p])
    fol = sum(1 for p, s in enumerate(sig) if s > 0 and by_follower[p])
    return seen / significant, fol / significant


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--followers", type=int, default=100)
    ap.add_argument("--mavericks", type=int, default=0)
    ap.add_argument("--controls", type=int, default=0)
    ap.add_argument("--ticks", type=int, default=500)
    ap.add_argument("--seeds", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--tie-break", choices=["uniform", "first"], default="uniform")
    args = ap.parse_args()
    start, cpu_start = time.perf_counter(), time.process_time()
    sig, nbr = landscape()
    progress, follower = [], []
    for s in range(args.seeds):
        rnd = random.Random(args.seed * 1000003 + s)
        p, f = simulate(sig, nbr, args.controls, args.followers, args.mavericks, args.ticks, rnd,
                        args.tie_break == "first")
        progress.append(p)
        follower.append(f)
    print(json.dumps({
        "progress": sum(progress) / len(progress),
        "follower_progress": sum(follower) / len(follower),
        "seeds": args.seeds,
        "seconds": time.perf_counter() - start,
        "cpu_seconds": time.process_time() - cpu_start,
    }))


if __name__ == "__main__":
    main()
