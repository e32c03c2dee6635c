/** How each CLI command ends: its exit status and its one stderr line. */
import { AWS_RULES_PER_ALB_QUOTA } from "../core/rule-limits";
import type { CapacityReport } from "./capacity-report";
import type { PlacementPreview, SkippedBalancer } from "./placement-preview";

/** The CLI's exit statuses: CI gates on `FULL` to stop before a pool runs out. */
export const EXIT = {
    /** The next scope fits (`capacity`), or every scope fits (`place`). */
    OK: 0,
    /** Bad usage, an unreadable stack config, or AWS could not be asked (no region, no ALB measured). */
    FAILURE: 1,
    /** No ALB has room for the next scope (`capacity`), or some scopes would not fit (`place`). */
    FULL: 2,
    /** `rebalance`: no plan brings every ALB within the tolerance, or the drained ALB cannot be emptied. */
    UNREACHABLE: 3,
} as const;

/** How a command ends: its exit status and the one line it writes to stderr, if any. */
export interface Outcome {
    exitCode: number;
    message?: string;
}

/** How `capacity` ends for `report`. */
export function capacityOutcome(report: CapacityReport): Outcome {
    const skipped = report.balancers
        .filter(b => b.skipped !== undefined)
        .map(b => ({ balancerName: b.name, reason: b.skipped! }));
    if (report.status === "unmeasurable") {
        return unmeasurable(
            report.visibility,
            skipped,
            report.balancers.some(b => b.found === true),
        );
    }
    if (report.status === "full") {
        return {
            exitCode: EXIT.FULL,
            message: `no ALB of the ${report.visibility} pool has room for ${report.expectedRules} more rule(s) under --max-rules ${report.maxRules}; ${WAYS_OUT}`,
        };
    }
    return skipped.length === 0 ? { exitCode: EXIT.OK } : { exitCode: EXIT.OK, message: skippedWarning(skipped) };
}

/** How `place` ends for `preview`; `anyMeasured` says whether some ALB of the pool was described at all. */
export function placementOutcome(preview: PlacementPreview, anyMeasured = false): Outcome {
    if (preview.status === "unmeasurable") {
        return unmeasurable(preview.visibility, preview.skipped, anyMeasured);
    }
    if (preview.unplaced > 0) {
        return {
            exitCode: EXIT.FULL,
            message: `${preview.unplaced} of ${preview.scopes} scope(s) would not fit in the ${preview.visibility} pool under --max-rules ${preview.maxRules}; ${WAYS_OUT}`,
        };
    }
    return preview.skipped.length === 0
        ? { exitCode: EXIT.OK }
        : { exitCode: EXIT.OK, message: skippedWarning(preview.skipped) };
}

const WAYS_OUT = `add an ALB to the pool, raise --max-rules (the AWS quota is ${AWS_RULES_PER_ALB_QUOTA} rules per ALB), or have AWS raise the "Rules per Application Load Balancer" quota.`;

/**
 * No ALB can be counted. When some were described but every one was left out (a state other than active,
 * another scheme or group, not an ALB), names, region and credentials are not the problem: say so.
 */
function unmeasurable(visibility: string, skipped: SkippedBalancer[], anyMeasured: boolean): Outcome {
    if (anyMeasured) {
        return {
            exitCode: EXIT.FAILURE,
            message:
                `no ALB of the ${visibility} pool can take a new scope (${causes(skipped)}); fix the causes named (an ALB must be active, ` +
                "an Application Load Balancer, of the pool's scheme and of the group named like it), or name other ALBs with --balancers or --stack-config.",
        };
    }
    return {
        exitCode: EXIT.FAILURE,
        message: `could not measure any ALB of the ${visibility} pool (${causes(skipped)}); check the ALB names, --region, --visibility and the AWS credentials (elasticloadbalancing:DescribeLoadBalancers, DescribeListeners, DescribeRules, DescribeTags).`,
    };
}

function skippedWarning(skipped: SkippedBalancer[]): string {
    return `warning: ${skipped.length} ALB(s) left out of the count (${causes(skipped)}); new scopes go only to the others until this is fixed.`;
}

/** `alb-a, alb-b: <reason>; alb-c: <other reason>`: ALBs failing alike (no credentials) are named once. */
function causes(skipped: SkippedBalancer[]): string {
    const byReason = new Map<string, string[]>();
    for (const s of skipped) {
        byReason.set(s.reason, [...(byReason.get(s.reason) ?? []), s.balancerName]);
    }
    return [...byReason].map(([reason, names]) => `${names.join(", ")}: ${reason}`).join("; ");
}
