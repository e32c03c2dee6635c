/** `scope-ingress rebalance`: the plan as data (its `--json`) and as tables that fit 80 columns. */
import type { CandidatePool } from "../core/candidate-pool";
import { DIMENSION_LABELS, QUOTA_DIMENSIONS, Usage } from "../core/quota-dimensions";
import type { BlockedScope, RebalancePlan } from "../core/rebalance-plan";
import { plainTable } from "./plain-table";
import type { LeftOutBalancer } from "./rebalance-inputs";
import { TERMINAL_WIDTH, wrapToTerminal } from "./terminal-text";

/** One move of the plan as the operator applies it: set the scope's `pinnedBalancer` to `pinnedBalancer`. */
export interface MoveReport {
    /** 1-based: moves run in this order, each after the one before has finished. */
    step: number;
    namespace: string;
    /** The Ingress's name. */
    name: string;
    hostnames: string[];
    from: string;
    to: string;
    /** The value to set the scope's `pinnedBalancer` to (the target ALB). */
    pinnedBalancer: string;
    usage: Usage;
}

/** The answer of `scope-ingress rebalance`, also its `--json` output. */
export interface RebalanceReport {
    visibility: CandidatePool["visibility"];
    region: string;
    /** The coordination namespace whose reservations were counted; absent when none was given. */
    coordinationNamespace?: string;
    goal: RebalancePlan["goal"];
    /** The ALB to empty, with `goal: "drain"`. */
    drain?: string;
    /** Rules an ALB may be off the mean (balance only). */
    tolerance: number;
    meanRules: number;
    /** True when the moves reach the goal (or nothing needs doing); false exits 3. */
    reached: boolean;
    /** `exact`: the fewest moves (or, not reached, proven impossible); `greedy`: not proven (see the README). */
    method: RebalancePlan["method"];
    /** No plan reaching the goal has fewer moves; null when none reaches it (see the planner's `fewestPossible`). */
    fewestPossible: number | null;
    moves: MoveReport[];
    /** Every ALB of the plan: its threshold and its load before and after, in every dimension. */
    balancers: RebalancePlan["balancers"];
    /** Drain not reached: the scopes that fit on no other ALB, and why. */
    blocked: BlockedScope[];
    /** ALBs of the pool left out of the plan (not measured, not of the pool's scheme or group, not active). */
    leftOut: LeftOutBalancer[];
}

/** The report of `plan`, for the pool it was made for. */
export function buildRebalanceReport(
    plan: RebalancePlan,
    pool: CandidatePool,
    region: string,
    leftOut: LeftOutBalancer[],
    coordinationNamespace?: string,
): RebalanceReport {
    return {
        visibility: pool.visibility,
        region,
        ...(coordinationNamespace !== undefined && { coordinationNamespace }),
        goal: plan.goal,
        ...(plan.drain !== undefined && { drain: plan.drain }),
        tolerance: plan.tolerance,
        meanRules: round(plan.meanRules),
        reached: plan.reached,
        method: plan.method,
        fewestPossible: plan.fewestPossible,
        moves: plan.moves.map((m, i) => ({
            step: i + 1,
            namespace: m.namespace,
            name: m.name,
            hostnames: m.hostnames,
            from: m.from,
            to: m.to,
            pinnedBalancer: m.to,
            usage: m.usage,
        })),
        balancers: plan.balancers,
        blocked: plan.blocked,
        leftOut,
    };
}

/**
 * The report as text: what was planned, the moves in order (scope, hostnames, from, the `pinnedBalancer` to
 * set), each ALB's load before and after per dimension, the verdict, and how to apply it. Fits 80 columns:
 * long names and host lists wrap inside their cells.
 */
export function renderRebalanceReport(report: RebalanceReport): string {
    const lines = [wrapToTerminal(headline(report))];
    if (report.coordinationNamespace !== undefined) {
        lines.push(
            wrapToTerminal(
                `Load counts the cluster: max(AWS, the Ingresses of each ALB's group) + reservations in flight in namespace ${report.coordinationNamespace}.`,
            ),
        );
    }
    if (report.moves.length > 0) {
        lines.push(movesTable(report.moves));
    }
    lines.push(loadTable(report), ...thresholdLines(report));
    for (const b of report.leftOut) {
        lines.push(wrapToTerminal(`Left out ${b.name}: ${b.reason}`, "  "));
    }
    lines.push(wrapToTerminal(verdict(report)));
    if (report.moves.length > 0) {
        lines.push(
            wrapToTerminal(
                "Apply each move in order: set the scope's pinnedBalancer to the value shown and run pulumi up; the move " +
                    "is make-before-break (the scope is served by both ALBs until DNS has switched). Nothing was changed.",
            ),
        );
    }
    return lines.join("\n") + "\n";
}

function headline(report: RebalanceReport): string {
    const pool = `${report.visibility} pool in ${report.region}: ${plural(report.balancers.length, "ALB")}`;
    return report.goal === "drain"
        ? `${pool}; emptying ${report.drain} of its scopes.`
        : `${pool}; mean ${report.meanRules} rules, tolerance ${plural(report.tolerance, "rule")} either side.`;
}

function movesTable(moves: MoveReport[]): string {
    const head = ["#", "scope", "hostnames", "from", "pinnedBalancer"];
    const rows = moves.map(m => [String(m.step), `${m.namespace}/${m.name}`, hostList(m.hostnames), m.from, m.to]);
    // The scope and its hosts wrap before the ALB names, which are the values to set.
    return fitted(head, rows, [2, 1], [3, 4]).toString();
}

function loadTable(report: RebalanceReport): string {
    const head = ["ALB", ...QUOTA_DIMENSIONS.map(d => SHORT_LABELS[d])];
    const rows = report.balancers.map(b => [
        b.name,
        ...QUOTA_DIMENSIONS.map(d =>
            b.before[d] === b.after[d] ? `${b.after[d]}` : `${b.before[d]} -> ${b.after[d]}`,
        ),
    ]);
    return fitted(head, rows, [0]).toString();
}

/** The thresholds, on one line when every ALB has the same. */
function thresholdLines(report: RebalanceReport): string[] {
    const text = (t: Usage) => QUOTA_DIMENSIONS.map(d => `${t[d]} ${DIMENSION_LABELS[d]}`).join(", ");
    const distinct = new Set(report.balancers.map(b => text(b.threshold)));
    return distinct.size <= 1
        ? [...distinct].map(t => wrapToTerminal(`Thresholds per ALB: ${t}.`))
        : report.balancers.map(b => wrapToTerminal(`Thresholds of ${b.name}: ${text(b.threshold)}.`, "  "));
}

/** A scope can have many hosts; the table shows two, enough to recognise it. */
const HOSTS_SHOWN = 2;

const SHORT_LABELS: Record<(typeof QUOTA_DIMENSIONS)[number], string> = {
    rules: "rules",
    targetGroups: "target groups",
    certificates: "certificates",
    listeners: "listeners",
};

/**
 * A table sized to its content, whose `shrinkFirst` columns (widest first, down to 16 characters), then also
 * `shrinkThen`, are narrowed until the table fits {@link TERMINAL_WIDTH}. Cells are wrapped here, at spaces and, for a word longer than its column, inside the
 * word: cli-table3 would cut such a word short with an ellipsis, and an ALB name is the value to set.
 */
function fitted(head: string[], rows: string[][], shrinkFirst: number[], shrinkThen: number[] = []) {
    const widths = head.map((title, i) => Math.max(title.length, ...rows.map(row => row[i].length)) + 2);
    // Borders: one character before every column and one after the last.
    const total = () => widths.reduce((a, b) => a + b, 0) + widths.length + 1;
    // Down to a floor, the columns that matter less first; then all of them.
    for (const [columns, floor] of [
        [shrinkFirst, 16],
        [[...shrinkFirst, ...shrinkThen], 8],
    ] as const) {
        while (total() > TERMINAL_WIDTH) {
            const widest = columns.reduce((a, b) => (widths[b] > widths[a] ? b : a));
            if (widths[widest] <= floor) {
                break;
            }
            widths[widest]--;
        }
    }
    const table = plainTable(
        head.map((title, i) => wrapCell(title, widths[i] - 2)),
        { colWidths: widths },
    );
    table.push(...rows.map(row => row.map((cell, i) => wrapCell(cell, widths[i] - 2))));
    return table;
}

/** `text` in lines of at most `width` characters: broken at spaces, and inside words longer than a line. */
export function wrapCell(text: string, width: number): string {
    const lines: string[] = [];
    let line = "";
    for (const word of text.split(" ")) {
        const pieces = word.match(new RegExp(`.{1,${Math.max(1, width)}}`, "gu")) ?? [""];
        for (const piece of pieces) {
            if (line === "") {
                line = piece;
            } else if (line.length + 1 + piece.length <= width && piece === pieces[0]) {
                line = `${line} ${piece}`;
            } else {
                lines.push(line);
                line = piece;
            }
        }
    }
    lines.push(line);
    return lines.join("\n");
}

function verdict(report: RebalanceReport): string {
    const how =
        report.method === "exact"
            ? "the fewest moves, found by an exhaustive search"
            : `a greedy plan, as the pool is too large for the exhaustive search; no plan needs fewer than ${report.fewestPossible ?? 0}`;
    if (report.goal === "drain") {
        if (report.reached) {
            const done =
                report.moves.length === 0
                    ? `${report.drain} holds no scope: nothing to do.`
                    : `${plural(report.moves.length, "move")} ${report.moves.length === 1 ? "empties" : "empty"} ${report.drain} of its scopes (${how}).`;
            const left = report.balancers.find(b => b.name === report.drain)?.after.rules ?? 0;
            return left === 0
                ? done
                : `${done} ${plural(left, "rule")} that belong to no scope stay on it (other Ingresses of its group, reservations in flight, or rules AWS has that no Ingress accounts for): move or delete those before retiring it.`;
        }
        const blocked = report.blocked.map(blockedText).join("; ");
        const why =
            report.method === "exact"
                ? "no order of moves makes room for it"
                : "the greedy plan found no room; moving other scopes first might make some";
        return `${report.drain} cannot be emptied: ${blocked}. ${why.charAt(0).toUpperCase()}${why.slice(1)}; add an ALB to the pool or raise the thresholds. The moves shown empty it as far as they can.`;
    }
    const band = `within ${plural(report.tolerance, "rule")} of the mean ${report.meanRules}`;
    if (report.reached) {
        return report.moves.length === 0
            ? `Every ALB is ${band}: nothing to do.`
            : `${plural(report.moves.length, "move")} ${report.moves.length === 1 ? "brings" : "bring"} every ALB ${band} (${how}).`;
    }
    const cause =
        report.method === "exact"
            ? "no order of moves does (rules that belong to no scope, scope sizes or thresholds stand in the way)"
            : "the greedy plan does not, and the pool is too large to search exhaustively";
    return `No plan brings every ALB ${band}: ${cause}. ${report.moves.length > 0 ? "The moves shown come closest. " : ""}Raise --tolerance, add an ALB, or raise the thresholds.`;
}

/** `apps/big (30 rules, 2 target groups) fits on no other ALB: alb-b over listener rules; alb-c over ...` */
function blockedText(b: BlockedScope): string {
    const refused = b.refusedBy.map(r => `${r.balancer} over ${r.over.map(d => DIMENSION_LABELS[d]).join(", ")}`);
    const size = `${plural(b.usage.rules, "rule")}, ${plural(b.usage.targetGroups, "target group")}`;
    return `${b.namespace}/${b.name} (${size}) fits on no other ALB${refused.length > 0 ? ` (${refused.join(", ")})` : ""}`;
}

/** Hosts to show in a table cell: the first {@link HOSTS_SHOWN}, then how many more (`--json` lists them all). */
function hostList(hostnames: string[]): string {
    const more = hostnames.length - HOSTS_SHOWN;
    return more > 0 ? `${hostnames.slice(0, HOSTS_SHOWN).join(" ")} (+${more} more)` : hostnames.join(" ");
}

function round(n: number): number {
    return Math.round(n * 10) / 10;
}

function plural(count: number, noun: string): string {
    return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
