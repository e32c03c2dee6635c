/** The CLI's reports drawn as tables: narrow enough for an 80-column terminal by default, every column with `--wide`. */
import type { BalancerReport, CapacityReport } from "./capacity-report";
import type { PlacementPreview, ReportHeader } from "./placement-preview";
import { plainTable } from "./plain-table";
import { wrapToTerminal } from "./terminal-text";
import { DIMENSION_LABELS, QuotaDimension, Usage } from "../core/quota-dimensions";

/** The dimensions beside rules, which the tables' rule columns do not show. */
const OTHER_DIMENSIONS: readonly QuotaDimension[] = ["targetGroups", "certificates", "listeners"];

/** Characters in a usage bar between its brackets, in the wide table. */
export const BAR_WIDTH = 20;

/** Characters in a usage bar of the narrow table, which must leave room for a 32-character ALB name. */
export const NARROW_BAR_WIDTH = 10;

/** Widest the wide table's note column grows before its text wraps. */
const NOTE_WIDTH = 50;

/** Marks the row of the ALB the next scope would go to. */
export const NEXT_MARKER = "->";

/** How a report is drawn: `wide` shows every column, whatever the width. */
export interface TableLayout {
    wide?: boolean;
}

/**
 * `[##########..........]  50%`: rules used of the threshold, in plain ASCII so it survives pipes, logs
 * and terminals without Unicode. The bar is full only at or over the threshold; the percentage can pass 100.
 */
export function usageBar(rules: number, maxRules: number, width = BAR_WIDTH): string {
    const fraction = maxRules > 0 ? rules / maxRules : 1;
    const filled = Math.min(width, Math.floor(fraction * width));
    return `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${usagePercent(rules, maxRules)}`;
}

/** ` 50%`: rules used of the threshold, padded to line up in a column. */
export function usagePercent(rules: number, maxRules: number): string {
    const fraction = maxRules > 0 ? rules / maxRules : 1;
    return `${String(Math.round(fraction * 100)).padStart(3)}%`;
}

/**
 * The capacity report: the pool and limits above, the verdict below. The default table fits 80 columns
 * with one row per ALB (its total, a short bar, its room) and its note on a row of its own beneath it;
 * `wide` adds the state, the rules per listener and the threshold, with the notes in a column.
 */
export function renderCapacityReport(report: CapacityReport, layout: TableLayout = {}): string {
    return (
        [
            poolLine(report, report.balancers.length),
            `A new scope adds ${plural(report.expectedRules, "rule")}.`,
            ...coordinationLine(report),
            layout.wide ? wideCapacityTable(report) : narrowCapacityTable(report),
            ...otherQuotaLines(
                report,
                (report.quotaUsage ?? []).map(q => ({
                    name: q.name,
                    usage: q.usage ?? undefined,
                    blocking: q.blocking,
                })),
            ),
            wrapToTerminal(capacityVerdict(report)),
        ].join("\n") + "\n"
    );
}

/**
 * The placement preview: where the scopes would go, the skipped ALBs, and the count that fit. The default
 * table shows the usage after as a percentage, to fit 80 columns; `wide` draws it as a bar.
 */
export function renderPlacementPreview(preview: PlacementPreview, layout: TableLayout = {}): string {
    const wide = layout.wide === true;
    const table = wide
        ? plainTable(["ALB", "new scopes", "rules before", "rules after", "used after", "room after"])
        : plainTable(["ALB", "scopes", "before", "after", "used", "room"]);
    for (const p of preview.placements) {
        const used = wide
            ? usageBar(p.rulesAfter, preview.maxRules)
            : usagePercent(p.rulesAfter, preview.maxRules).trim();
        table.push([p.balancerName, p.scopes, p.rulesBefore, p.rulesAfter, used, preview.maxRules - p.rulesAfter]);
    }
    return (
        [
            poolLine(
                preview,
                new Set([...preview.placements.map(p => p.balancerName), ...preview.skipped.map(s => s.balancerName)])
                    .size,
            ),
            `Placing ${plural(preview.scopes, "new scope")} of ${plural(preview.expectedRules, "rule")} each. Nothing is changed.`,
            ...coordinationLine(preview),
            table.toString(),
            ...otherQuotaLines(
                preview,
                (preview.quotaUsage ?? []).map(q => ({ name: q.balancerName, usage: q.usageAfter })),
                "after",
            ),
            ...preview.skipped.map(s => wrapToTerminal(`Skipped ${s.balancerName}: ${s.reason}`, "  ")),
            wrapToTerminal(placementVerdict(preview)),
        ].join("\n") + "\n"
    );
}

/** `internet-facing pool in us-east-1: 3 ALBs, threshold 75 rules per ALB.` */
function poolLine(header: ReportHeader, balancers: number): string {
    return wrapToTerminal(
        `${header.visibility} pool in ${header.region}: ${plural(balancers, "ALB")}, threshold ${plural(header.maxRules, "rule")} per ALB.`,
    );
}

/**
 * The quotas beside rules, one line per ALB (`used of threshold`, the blocking ones marked), under a line naming the
 * account's limits: every dimension is shown within 80 columns without widening the table. Nothing without a quota check.
 */
function otherQuotaLines(
    header: ReportHeader,
    rows: { name: string; usage?: Usage; blocking?: readonly QuotaDimension[] }[],
    when = "now",
): string[] {
    const thresholds = header.thresholds;
    if (thresholds === undefined || rows.every(r => r.usage === undefined)) {
        return [];
    }
    const limits = header.accountLimits;
    return [
        wrapToTerminal(
            `Other quotas per ALB ${when === "now" ? "" : `${when} the new scopes `}(used of threshold)` +
                (limits === undefined
                    ? ":"
                    : `; account limits ${OTHER_DIMENSIONS.map(d => `${limits[d]} ${DIMENSION_LABELS[d]}`).join(", ")}:`),
        ),
        ...rows
            .filter(r => r.usage !== undefined)
            .map(r =>
                wrapToTerminal(
                    `${r.name}: ${OTHER_DIMENSIONS.map(
                        d =>
                            `${DIMENSION_LABELS[d]} ${r.usage![d]}/${thresholds[d]}` +
                            (r.blocking?.includes(d) ? " FULL" : ""),
                    ).join(", ")}`,
                    "  ",
                ),
            ),
    ];
}

/** With a coordination namespace, the line saying the load counts the cluster too; nothing without one. */
function coordinationLine(header: ReportHeader): string[] {
    return header.coordinationNamespace === undefined
        ? []
        : [
              wrapToTerminal(
                  `Load counts the cluster: max(AWS, the Ingresses of each ALB's group) + reservations in flight in namespace ${header.coordinationNamespace}.`,
              ),
          ];
}

function narrowCapacityTable(report: CapacityReport): string {
    const head = ["", "ALB", "rules", "used", "room"];
    const rows = report.balancers.map(b => [
        b.next ? NEXT_MARKER : "",
        b.name,
        String(b.rules ?? "-"),
        b.rules === null ? "-" : usageBar(b.rules, b.maxRules, NARROW_BAR_WIDTH),
        String(b.room ?? "-"),
    ]);
    // Sized to their content, so that a note spanning the columns wraps inside the table instead of widening it.
    const colWidths = head.map((title, i) => Math.max(title.length, ...rows.map(row => row[i].length)) + 2);
    const table = plainTable(head, { colWidths, wordWrap: true, wrapOnWordBoundary: true });
    for (const [i, b] of report.balancers.entries()) {
        table.push(rows[i]);
        const note = [
            b.state !== null && b.state !== "active" ? `state ${b.state}` : "",
            noteOf(b, report.expectedRules, blockingOf(report, b.name)),
        ]
            .filter(n => n !== "")
            .join("; ");
        if (note !== "") {
            table.push(["", { colSpan: head.length - 1, content: note }]);
        }
    }
    return table.toString();
}

function wideCapacityTable(report: CapacityReport): string {
    const notes = report.balancers.map(b => noteOf(b, report.expectedRules, blockingOf(report, b.name)));
    // With a coordination namespace, where the total comes from: AWS's count, the cluster's Ingresses, the reservations.
    const coordinated = report.coordinationNamespace !== undefined;
    const sources = ["AWS", "cluster", "reserved"];
    const head = [
        "",
        "ALB",
        "state",
        "rules per listener",
        ...(coordinated ? sources : []),
        "total",
        "threshold",
        "used",
        "room",
        "note",
    ];
    // AWS error texts are long: wrapped in their column, the table stays readable in a wide terminal.
    const noteWidth = Math.min(NOTE_WIDTH, Math.max("note".length, ...notes.map(n => n.length)) + 2);
    const table = plainTable(head, {
        colWidths: [...head.slice(1).map(() => null), noteWidth],
        wordWrap: true,
        wrapOnWordBoundary: true,
    });
    for (const [i, b] of report.balancers.entries()) {
        table.push([
            b.next ? NEXT_MARKER : "",
            b.name,
            stateOf(b),
            b.listeners.map(l => `${l.protocol ?? "?"}:${l.port ?? "?"} ${l.rules}`).join(", ") || "-",
            ...(coordinated ? [b.awsRules ?? "-", b.clusterRules ?? "-", b.reservedRules ?? "-"] : []),
            b.rules ?? "-",
            b.maxRules,
            b.rules === null ? "-" : usageBar(b.rules, b.maxRules),
            b.room ?? "-",
            notes[i],
        ]);
    }
    return table.toString();
}

/** The dimensions in which ALB `name` has no room for one more scope, as the report's quota usage says. */
function blockingOf(report: CapacityReport, name: string): QuotaDimension[] {
    return report.quotaUsage?.find(q => q.name === name)?.blocking ?? [];
}

function stateOf(b: BalancerReport): string {
    if (b.found === false) {
        return "not found";
    }
    if (b.error !== undefined) {
        return "error";
    }
    return b.state ?? "?";
}

function noteOf(b: BalancerReport, expectedRules: number, blocking: readonly QuotaDimension[] = []): string {
    if (b.skipped !== undefined) {
        return `skipped: ${b.skipped}`;
    }
    if (b.fits || b.next) {
        return "";
    }
    const others = blocking.filter(d => d !== "rules");
    return others.length > 0 && !blocking.includes("rules")
        ? `full: no room for a new scope's ${others.map(d => DIMENSION_LABELS[d]).join(" and ")}`
        : `full: no room for ${plural(expectedRules, "more rule")}`;
}

function capacityVerdict(report: CapacityReport): string {
    if (report.status === "fits") {
        const next = report.balancers.find(b => b.next)!;
        return `Next scope ${NEXT_MARKER} ${next.name} (${plural(next.rules!, "rule")}, room ${next.room}).`;
    }
    const blockedByRules =
        report.quotaUsage === undefined ||
        report.quotaUsage.some(q => q.usage === null || q.blocking.includes("rules"));
    return report.status === "full"
        ? blockedByRules
            ? `No ALB has room for ${plural(report.expectedRules, "more rule")} under the threshold ${report.maxRules}.`
            : "No ALB has room for a new scope: each is full in another quota (see above)."
        : "No ALB of the pool could be measured.";
}

function placementVerdict(preview: PlacementPreview): string {
    if (preview.status === "unmeasurable") {
        return "No ALB of the pool could be measured; no scope can be placed.";
    }
    return preview.unplaced === 0
        ? `All ${plural(preview.scopes, "scope")} fit.`
        : `${preview.placed} of ${plural(preview.scopes, "scope")} fit; ${preview.unplaced} would not fit.`;
}

function plural(count: number, noun: string): string {
    return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
