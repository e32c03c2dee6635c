/** The CLI's reports drawn as tables. */
import type { BalancerReport, CapacityReport } from "./capacity-report";
import type { PlacementPreview } from "./placement-preview";
import { plainTable } from "./plain-table";

/** Characters in a usage bar between its brackets. */
export const BAR_WIDTH = 20;

/** Widest the note column grows before its text wraps. */
const NOTE_WIDTH = 50;

/** Marks the row of the ALB the next scope would go to. */
export const NEXT_MARKER = "->";

/**
 * `[##########..........] 50%`: rules used of the threshold, in plain ASCII so it survives pipes, logs
 * and terminals without Unicode. The bar is full only at or over the threshold; the percentage can pass 100.
 */
export function usageBar(rules: number, maxRules: number, width = BAR_WIDTH): string {
    const fraction = maxRules > 0 ? rules / maxRules : 1;
    const filled = Math.min(width, Math.floor(fraction * width));
    return `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}%`;
}

/** The capacity report as a table with a line above (the pool and limits) and below (the verdict). */
export function renderCapacityReport(report: CapacityReport): string {
    const notes = report.balancers.map(b => noteOf(b, report.expectedRules));
    const head = ["", "ALB", "state", "rules per listener", "total", "threshold", "used", "room", "note"];
    // AWS error texts are long: wrapped in their column, the table stays readable in a normal terminal.
    const noteWidth = Math.min(NOTE_WIDTH, Math.max("note".length, ...notes.map(n => n.length)) + 2);
    const table = plainTable(head, { colWidths: [...head.slice(1).map(() => null), noteWidth], wordWrap: true, wrapOnWordBoundary: true });
    for (const [i, b] of report.balancers.entries()) {
        table.push([
            b.next ? NEXT_MARKER : "",
            b.name,
            stateOf(b),
            b.listeners.map(l => `${l.protocol ?? "?"}:${l.port ?? "?"} ${l.rules}`).join(", ") || "-",
            b.rules ?? "-",
            b.maxRules,
            b.rules === null ? "-" : usageBar(b.rules, b.maxRules),
            b.room ?? "-",
            notes[i],
        ]);
    }
    return [
        `${report.visibility} pool in ${report.region}: ${plural(report.balancers.length, "ALB")}, threshold ${report.maxRules} rules per ALB, a new scope adds ${plural(report.expectedRules, "rule")}.`,
        table.toString(),
        capacityVerdict(report),
    ].join("\n") + "\n";
}

/** The placement preview as a table of where the scopes would go, the skipped ALBs, and the count that fit. */
export function renderPlacementPreview(preview: PlacementPreview): string {
    const table = plainTable(["ALB", "new scopes", "rules before", "rules after", "used after", "room after"]);
    for (const p of preview.placements) {
        table.push([p.balancerName, p.scopes, p.rulesBefore, p.rulesAfter, usageBar(p.rulesAfter, preview.maxRules), preview.maxRules - p.rulesAfter]);
    }
    return [
        `Placing ${plural(preview.scopes, "new scope")} (${plural(preview.expectedRules, "rule")} each) on the ${preview.visibility} pool in ${preview.region}, threshold ${preview.maxRules} rules per ALB. Nothing is changed.`,
        table.toString(),
        ...preview.skipped.map(s => `Skipped ${s.balancerName}: ${s.reason}`),
        placementVerdict(preview),
    ].join("\n") + "\n";
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

function noteOf(b: BalancerReport, expectedRules: number): string {
    if (b.skipped !== undefined) {
        return `skipped: ${b.skipped}`;
    }
    return b.fits || b.next ? "" : `full: no room for ${plural(expectedRules, "more rule")}`;
}

function capacityVerdict(report: CapacityReport): string {
    if (report.status === "fits") {
        const next = report.balancers.find(b => b.next)!;
        return `Next scope ${NEXT_MARKER} ${next.name} (${plural(next.rules!, "rule")}, room ${next.room}).`;
    }
    return report.status === "full"
        ? `No ALB has room for ${plural(report.expectedRules, "more rule")} under the threshold ${report.maxRules}.`
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
