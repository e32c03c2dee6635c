/** The rebalance planner: the fewest scope moves that even out a pool of ALBs, or empty one, with no step past a threshold. Pure. */
import { Problems } from "./problems";
import { QUOTA_DIMENSIONS, QuotaDimension, Usage, overLimits } from "./quota-dimensions";

/** One ALB of the pool as the planner sees it. */
export interface RebalanceBalancer {
    name: string;
    /** Everything the ALB carries now, its scopes included (rules it carries for others stay where they are). */
    load: Usage;
    /** The most it may carry in each dimension; a move onto it must keep it at or below this everywhere. */
    threshold: Usage;
}

/** A scope that can be moved: one Ingress of a pool ALB's group, moved by setting its `pinnedBalancer`. */
export interface RebalanceScope {
    /** The Ingress's namespace. */
    namespace: string;
    /** The Ingress's name. */
    name: string;
    /** The hosts it routes, for the operator to recognise it. */
    hostnames: string[];
    /** The ALB it is on now; must be one of the request's balancers. */
    balancer: string;
    /** What it costs an ALB; counted in its balancer's `load`. */
    usage: Usage;
}

/** What to plan. */
export interface RebalanceRequest {
    /** The pool, in the order reports list it; ties between equal moves go to the ALB listed first. */
    balancers: RebalanceBalancer[];
    scopes: RebalanceScope[];
    /**
     * Whole number of listener rules an ALB may be off the pool's mean and count as balanced: every ALB must end
     * with `|rules - mean| <= tolerance`, where `mean` is the pool's total rules over its number of ALBs (moves
     * never change the total, so the mean is the same before and after). Rules is the one dimension that is
     * balanced; the other dimensions are constraints only (no step past a threshold). Ignored with `drain`.
     */
    tolerance: number;
    /** An ALB to empty of scopes instead of balancing the pool: no scope may stay on it or move onto it. Default none. */
    drain?: string;
    /**
     * Search states the exact search may generate before it falls back to the greedy plan. Default
     * {@link DEFAULT_SEARCH_WORK} divided by the number of scopes (each state holds every scope's place), at least 1000.
     */
    searchBudget?: number;
}

/** One step of a plan: set the scope's `pinnedBalancer` to `to`. */
export interface ScopeMove {
    namespace: string;
    name: string;
    hostnames: string[];
    usage: Usage;
    from: string;
    to: string;
}

/** An ALB's load before and after the plan. */
export interface BalancerOutcome {
    name: string;
    threshold: Usage;
    before: Usage;
    after: Usage;
}

/** A scope that `drain` could not move: on no other ALB did it fit, and in which dimensions each refused it. */
export interface BlockedScope {
    namespace: string;
    name: string;
    hostnames: string[];
    usage: Usage;
    /** Every other ALB, with the dimensions the scope would take past its threshold there. */
    refusedBy: { balancer: string; over: QuotaDimension[] }[];
}

/** The plan, and whether it reaches its goal. */
export interface RebalancePlan {
    goal: "balance" | "drain";
    /** The ALB being emptied, with `goal: "drain"`. */
    drain?: string;
    tolerance: number;
    /** The pool's mean rules per ALB, which the tolerance is measured from. */
    meanRules: number;
    /** True when the moves reach the goal; an empty plan that reaches it means nothing to do. */
    reached: boolean;
    /**
     * `exact`: the exhaustive search decided it: when `reached`, no plan with fewer moves exists; when not, no plan
     * reaches the goal at all, and the moves are the greedy ones that come closest. `greedy`: the search budget ran
     * out first; the plan is the greedy one, not proven minimal, and when not `reached` a plan that reaches the
     * goal (moving other scopes first) may still exist.
     */
    method: "exact" | "greedy";
    /**
     * No plan that reaches the goal has fewer moves than this: the moves' count when `method` is `exact` and the goal
     * is reached; with `greedy`, the search's lower bound at the start, to judge the greedy plan by; null when no
     * plan can reach the goal (proven by the search, or by the bound alone).
     */
    fewestPossible: number | null;
    /** In order: each move starts after the one before it has finished. Not reached: the best effort, see `method`. */
    moves: ScopeMove[];
    /** Every ALB in the request's order. */
    balancers: BalancerOutcome[];
    /** `drain` only, when not reached: the scopes left on the ALB and why each fits nowhere else. */
    blocked: BlockedScope[];
}

/** States times scopes the exact search handles by default before it falls back to the greedy plan: about a second. */
export const DEFAULT_SEARCH_WORK = 1_000_000;

const DIMENSIONS = QUOTA_DIMENSIONS.length;
const RULES = QUOTA_DIMENSIONS.indexOf("rules");

/**
 * Plans the moves. Moves are make-before-break: while a scope moves it is counted on BOTH ALBs, so a move is
 * allowed only when the target stays at or below its threshold in every dimension with the scope added, before
 * the source gives anything up (the source only loses load, so it never passes a threshold). Moves run one
 * after another, each checked on the loads the moves before it leave.
 *
 * Balance: an A* search over where every scope sits, one move per step, finds the fewest moves that bring every
 * ALB within `tolerance` of the mean. Its lower bound is admissible and consistent (one move takes one scope
 * off one ALB and onto one ALB): an ALB above the band needs at least as many moves out as the fewest of its
 * own scopes whose rules cover the excess; one below it needs at least ceil(deficit / largest scope's rules)
 * moves in; the bound is the larger of the two sums. So the first goal found has the fewest moves, and an
 * exhausted search proves none exists. Drain: the same search, the bound being the scopes still on the ALB; it
 * may move other scopes first to make room. Past `searchBudget` states the greedy plan is taken instead (see
 * {@link RebalancePlan.method}): balance repeatedly takes the move that most lowers the rules outside the band
 * (then the spread), and stops when none lowers them, which ends because that measure falls with each move;
 * drain moves the ALB's scopes, largest first, each onto the ALB it leaves most even.
 *
 * Deterministic: scopes are tried by `namespace/name`, ALBs in the request's order, and equal plans are ordered
 * by how even they leave the pool. Throws {@link InvalidInputError} for a request that names what it lacks.
 */
export function planRebalance(request: RebalanceRequest): RebalancePlan {
    checkRequest(request);
    const pool = new Pool(request);
    const found = searchExact(
        pool,
        request.searchBudget ?? Math.max(1000, Math.floor(DEFAULT_SEARCH_WORK / Math.max(1, pool.scopes.length))),
    );
    const method = found === "budget" ? "greedy" : "exact";
    let path: Step[];
    let reached: boolean;
    if (found === "budget" || found === "unreachable") {
        path = pool.drainIndex === undefined ? greedyBalance(pool) : greedyDrain(pool);
        reached = pool.lowerBound(replay(pool, path)) === 0;
    } else {
        path = found;
        reached = true;
    }
    const end = replay(pool, path);
    return {
        goal: request.drain === undefined ? "balance" : "drain",
        ...(request.drain !== undefined && { drain: request.drain }),
        tolerance: request.tolerance,
        meanRules: pool.total / pool.count,
        reached,
        method,
        fewestPossible: fewestPossible(pool, found),
        moves: path.map(({ scope, from, to }) => ({
            namespace: pool.scopes[scope].namespace,
            name: pool.scopes[scope].name,
            hostnames: [...pool.scopes[scope].hostnames],
            usage: { ...pool.scopes[scope].usage },
            from: pool.balancers[from].name,
            to: pool.balancers[to].name,
        })),
        balancers: pool.balancers.map((b, i) => ({
            name: b.name,
            threshold: { ...b.threshold },
            before: { ...b.load },
            after: usageAt(end.loads, i),
        })),
        blocked: reached || pool.drainIndex === undefined ? [] : blockedScopes(pool, end),
    };
}

function fewestPossible(pool: Pool, found: Step[] | "unreachable" | "budget"): number | null {
    if (found === "unreachable") {
        return null;
    }
    if (found !== "budget") {
        return found.length;
    }
    const bound = pool.lowerBound(pool.start);
    return bound === Infinity ? null : bound;
}

/** One move by index: scope `scope` from balancer `from` to balancer `to`. */
interface Step {
    scope: number;
    from: number;
    to: number;
}

/** Where every scope sits (balancer index by scope index) and the loads that follow, flat: `loads[b * 4 + d]`. */
interface State {
    assign: number[];
    loads: number[];
}

/** The request, indexed for the search: scopes sorted by `namespace/name`, loads as flat arrays. */
class Pool {
    readonly balancers: RebalanceBalancer[];
    readonly scopes: RebalanceScope[];
    readonly count: number;
    readonly total: number;
    readonly drainIndex: number | undefined;
    /** `count * tolerance`: the band in the units of {@link deviation}. */
    readonly band: number;
    /** The most rules any one scope has: the most one move can bring to an ALB below the band. */
    readonly largestScope: number;
    readonly start: State;

    constructor(request: RebalanceRequest) {
        this.balancers = request.balancers;
        this.scopes = [...request.scopes].sort((a, b) => compareText(scopeKey(a), scopeKey(b)));
        this.count = this.balancers.length;
        const index = new Map(this.balancers.map((b, i) => [b.name, i]));
        this.drainIndex = request.drain === undefined ? undefined : index.get(request.drain);
        this.band = this.count * request.tolerance;
        this.largestScope = Math.max(0, ...this.scopes.map(s => s.usage.rules));
        this.start = {
            assign: this.scopes.map(s => index.get(s.balancer)!),
            loads: this.balancers.flatMap(b => QUOTA_DIMENSIONS.map(d => b.load[d])),
        };
        this.total = this.balancers.reduce((sum, b) => sum + b.load.rules, 0);
    }

    /** `count * rules - total`: `count` times how far the ALB is from the mean, a whole number. */
    deviation(loads: number[], b: number): number {
        return this.count * loads[b * DIMENSIONS + RULES] - this.total;
    }

    /** Whether scope `s` may move onto `to` from the state's loads: the target's threshold holds with it counted. */
    fits(state: State, s: number, to: number): boolean {
        if (to === state.assign[s] || to === this.drainIndex) {
            return false;
        }
        const usage = this.scopes[s].usage;
        const limit = this.balancers[to].threshold;
        return QUOTA_DIMENSIONS.every((d, k) => state.loads[to * DIMENSIONS + k] + usage[d] <= limit[d]);
    }

    /** The state after moving scope `s` to `to`. */
    after(state: State, s: number, to: number): State {
        const assign = [...state.assign];
        const loads = [...state.loads];
        const from = assign[s];
        assign[s] = to;
        QUOTA_DIMENSIONS.forEach((d, k) => {
            loads[from * DIMENSIONS + k] -= this.scopes[s].usage[d];
            loads[to * DIMENSIONS + k] += this.scopes[s].usage[d];
        });
        return { assign, loads };
    }

    /**
     * A lower bound on the moves left, 0 exactly at the goal, Infinity when the goal cannot be reached from here
     * (an ALB above the band whose scopes together cannot cover its excess). Changes by at most 1 per move.
     */
    lowerBound(state: State): number {
        if (this.drainIndex !== undefined) {
            return state.assign.filter(b => b === this.drainIndex).length;
        }
        let out = 0;
        let into = 0;
        for (let b = 0; b < this.count; b++) {
            const deviation = this.deviation(state.loads, b);
            if (deviation > this.band) {
                const own = state.assign.flatMap((at, s) => (at === b ? [this.scopes[s].usage.rules] : []));
                own.sort((x, y) => y - x);
                let shed = 0;
                let k = 0;
                while (this.count * shed < deviation - this.band) {
                    if (k === own.length) {
                        return Infinity;
                    }
                    shed += own[k++];
                }
                out += k;
            } else if (deviation < -this.band) {
                if (this.largestScope === 0) {
                    return Infinity;
                }
                into += Math.ceil((-this.band - deviation) / (this.count * this.largestScope));
            }
        }
        return Math.max(out, into);
    }

    /** How uneven the pool is: the sum of squared deviations, over the ALBs that keep scopes. Breaks ties between plans. */
    spread(loads: number[]): number {
        let sum = 0;
        for (let b = 0; b < this.count; b++) {
            if (b !== this.drainIndex) {
                sum += this.deviation(loads, b) ** 2;
            }
        }
        return sum;
    }
}

interface SearchNode {
    state: State;
    moves: number;
    parent: number;
    step?: Step;
    /** Ordering: moves + bound, then bound, then spread, then creation order. */
    rank: [number, number, number, number];
}

/** The A* search: the fewest moves to the goal, "unreachable" when the state space is exhausted, "budget" when too large. */
function searchExact(pool: Pool, budget: number): Step[] | "unreachable" | "budget" {
    const nodes: SearchNode[] = [];
    const fewest = new Map<string, number>();
    const open = new MinHeap<number>((a, b) => compareRank(nodes[a].rank, nodes[b].rank));
    const add = (state: State, moves: number, parent: number, step?: Step): boolean => {
        const key = state.assign.join(",");
        const known = fewest.get(key);
        if (known !== undefined && known <= moves) {
            return true;
        }
        const bound = pool.lowerBound(state);
        if (bound === Infinity) {
            return true;
        }
        if (nodes.length >= budget) {
            return false;
        }
        fewest.set(key, moves);
        nodes.push({
            state,
            moves,
            parent,
            step,
            rank: [moves + bound, bound, pool.spread(state.loads), nodes.length],
        });
        open.push(nodes.length - 1);
        return true;
    };
    add(pool.start, 0, -1);
    while (open.size > 0) {
        const at = open.pop()!;
        const node = nodes[at];
        if (fewest.get(node.state.assign.join(",")) !== node.moves) {
            continue; // Reached again with fewer moves since.
        }
        if (node.rank[1] === 0) {
            return pathTo(nodes, at);
        }
        for (let s = 0; s < pool.scopes.length; s++) {
            for (let to = 0; to < pool.count; to++) {
                if (
                    pool.fits(node.state, s, to) &&
                    !add(pool.after(node.state, s, to), node.moves + 1, at, {
                        scope: s,
                        from: node.state.assign[s],
                        to,
                    })
                ) {
                    return "budget";
                }
            }
        }
    }
    return "unreachable";
}

function pathTo(nodes: SearchNode[], at: number): Step[] {
    const path: Step[] = [];
    for (let i = at; nodes[i].step !== undefined; i = nodes[i].parent) {
        path.unshift(nodes[i].step!);
    }
    return path;
}

/**
 * Greedy balance: the feasible move that most lowers (rules outside the band, spread), while one lowers it.
 * Each move lowers that pair strictly, so no state repeats and the loop ends.
 */
function greedyBalance(pool: Pool): Step[] {
    const path: Step[] = [];
    let state = pool.start;
    const deviations = Array.from({ length: pool.count }, (_, b) => pool.deviation(state.loads, b));
    const outside = (deviation: number) => Math.max(0, Math.abs(deviation) - pool.band);
    for (;;) {
        // Only the source and the target change: each move is scored by how it changes their two terms.
        let best: { step: Step; change: [number, number] } | undefined;
        for (let s = 0; s < pool.scopes.length; s++) {
            const from = state.assign[s];
            const shift = pool.count * pool.scopes[s].usage.rules;
            for (let to = 0; to < pool.count; to++) {
                if (pool.fits(state, s, to)) {
                    const [f, t] = [deviations[from], deviations[to]];
                    const change: [number, number] = [
                        outside(f - shift) + outside(t + shift) - outside(f) - outside(t),
                        (f - shift) ** 2 + (t + shift) ** 2 - f ** 2 - t ** 2,
                    ];
                    if (compareRank(change, best?.change ?? [0, 0]) < 0) {
                        best = { step: { scope: s, from, to }, change };
                    }
                }
            }
        }
        if (best === undefined) {
            return path;
        }
        const { scope, from, to } = best.step;
        path.push(best.step);
        state = pool.after(state, scope, to);
        deviations[from] = pool.deviation(state.loads, from);
        deviations[to] = pool.deviation(state.loads, to);
    }
}

/** Greedy drain: the ALB's scopes, most rules first, each onto the ALB it leaves most even; a scope that fits nowhere stays. */
function greedyDrain(pool: Pool): Step[] {
    const path: Step[] = [];
    let state = pool.start;
    const leaving = pool.scopes
        .map((scope, s) => ({ scope, s }))
        .filter(({ s }) => state.assign[s] === pool.drainIndex)
        .sort((a, b) => b.scope.usage.rules - a.scope.usage.rules || a.s - b.s);
    for (const { s } of leaving) {
        let best: { to: number; state: State; spread: number } | undefined;
        for (let to = 0; to < pool.count; to++) {
            if (pool.fits(state, s, to)) {
                const next = pool.after(state, s, to);
                const spread = pool.spread(next.loads);
                if (best === undefined || spread < best.spread) {
                    best = { to, state: next, spread };
                }
            }
        }
        if (best !== undefined) {
            path.push({ scope: s, from: state.assign[s], to: best.to });
            state = best.state;
        }
    }
    return path;
}

/** The scopes still on the drained ALB at `end`, each with the dimensions every other ALB refuses it in. */
function blockedScopes(pool: Pool, end: State): BlockedScope[] {
    return pool.scopes.flatMap((scope, s) =>
        end.assign[s] !== pool.drainIndex
            ? []
            : [
                  {
                      namespace: scope.namespace,
                      name: scope.name,
                      hostnames: [...scope.hostnames],
                      usage: { ...scope.usage },
                      refusedBy: pool.balancers.flatMap((b, i) =>
                          i === pool.drainIndex
                              ? []
                              : [
                                    {
                                        balancer: b.name,
                                        over: overLimits(usageAt(end.loads, i), scope.usage, b.threshold),
                                    },
                                ],
                      ),
                  },
              ],
    );
}

function replay(pool: Pool, path: Step[]): State {
    return path.reduce((state, { scope, to }) => pool.after(state, scope, to), pool.start);
}

function usageAt(loads: number[], b: number): Usage {
    return Object.fromEntries(QUOTA_DIMENSIONS.map((d, k) => [d, loads[b * DIMENSIONS + k]])) as Usage;
}

/** `namespace/name` of a scope's Ingress. */
export function scopeKey(scope: { namespace: string; name: string }): string {
    return `${scope.namespace}/${scope.name}`;
}

function compareText(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

function compareRank(a: readonly number[], b: readonly number[]): number {
    for (let i = 0; i < a.length; i++) {
        if (a[i] !== b[i]) {
            return a[i] - b[i];
        }
    }
    return 0;
}

/** The request's problems, every one in one error: unknown ALBs, negative amounts, a load that does not hold its scopes. */
function checkRequest(request: RebalanceRequest): void {
    const problems = new Problems();
    const names = new Set(request.balancers.map(b => b.name));
    problems.check(
        "balancers",
        request.balancers.length,
        request.balancers.length === 0 ? "is empty" : undefined,
        "give the pool's ALBs",
    );
    problems.check(
        "tolerance",
        request.tolerance,
        Number.isInteger(request.tolerance) && request.tolerance >= 0
            ? undefined
            : "is not a whole number of rules from 0",
        "give how many rules an ALB may be off the pool's mean, e.g. 5",
    );
    if (request.drain !== undefined) {
        problems.check(
            "drain",
            request.drain,
            names.has(request.drain) ? undefined : "is not an ALB of the pool",
            `name one of ${[...names].join(", ")}`,
        );
    }
    const keys = new Set<string>();
    for (const scope of request.scopes) {
        const field = `scope ${scopeKey(scope)}`;
        problems.check(
            field,
            scope.balancer,
            names.has(scope.balancer) ? undefined : "is on no ALB of the pool",
            "leave out scopes of other ALBs",
        );
        problems.check(
            field,
            scopeKey(scope),
            keys.has(scopeKey(scope)) ? "is listed twice" : undefined,
            "list each Ingress once",
        );
        keys.add(scopeKey(scope));
        const negative = QUOTA_DIMENSIONS.filter(d => !(scope.usage[d] >= 0));
        problems.check(
            `${field} usage`,
            scope.usage,
            negative.length > 0 ? `is negative or not a number in ${negative.join(", ")}` : undefined,
            "count what the scope costs, from 0",
        );
    }
    for (const b of request.balancers) {
        const held = QUOTA_DIMENSIONS.filter(
            d => request.scopes.filter(s => s.balancer === b.name).reduce((sum, s) => sum + s.usage[d], 0) > b.load[d],
        );
        problems.check(
            `balancer ${b.name} load`,
            b.load,
            held.length > 0 ? `is less than its scopes' usage in ${held.join(", ")}` : undefined,
            "count the scopes in the ALB's load",
        );
    }
    problems.throwIfAny();
}

/** A binary min-heap ordered by `compare`. */
class MinHeap<T> {
    private readonly items: T[] = [];
    constructor(private readonly compare: (a: T, b: T) => number) {}

    get size(): number {
        return this.items.length;
    }

    push(item: T): void {
        const items = this.items;
        items.push(item);
        for (let i = items.length - 1; i > 0;) {
            const parent = (i - 1) >> 1;
            if (this.compare(items[i], items[parent]) >= 0) {
                break;
            }
            [items[i], items[parent]] = [items[parent], items[i]];
            i = parent;
        }
    }

    pop(): T | undefined {
        const items = this.items;
        const top = items[0];
        const last = items.pop();
        if (items.length > 0 && last !== undefined) {
            items[0] = last;
            for (let i = 0; ;) {
                const left = 2 * i + 1;
                const right = left + 1;
                let least = i;
                if (left < items.length && this.compare(items[left], items[least]) < 0) {
                    least = left;
                }
                if (right < items.length && this.compare(items[right], items[least]) < 0) {
                    least = right;
                }
                if (least === i) {
                    break;
                }
                [items[i], items[least]] = [items[least], items[i]];
                i = least;
            }
        }
        return top;
    }
}
