/** Usage promised to scopes but not yet visible on their ALBs, and the choice that reserves it in one step. */
import type { BalancerMeasurement } from "./balancer-load";
import { NO_USAGE, asUsage } from "./balancer-usage";
import type { CandidatePool } from "./candidate-pool";
import { Placement, choosePlacement } from "./placement";
import { QUOTA_DIMENSIONS, Usage, addUsage } from "./quota-dimensions";
import type { RuleLimits } from "./rule-limits";

/**
 * The usage (rules, target groups, certificates, listeners) promised to scopes in one process but not yet visible
 * in AWS (the Load Balancer Controller adds it later). Choosing and reserving happen in one synchronous step, so N
 * scopes placed at once land exactly as if placed one by one.
 */
export class PlacementLedger {
    private readonly reserved = new Map<string, Usage>();

    /** Rules reserved on `balancerName` in this process. */
    reservedOn(balancerName: string): number {
        return this.reservedUsageOn(balancerName).rules;
    }

    /** Usage reserved on `balancerName` in this process, in every dimension. */
    reservedUsageOn(balancerName: string): Usage {
        return this.reserved.get(balancerName) ?? NO_USAGE;
    }

    /** Chooses against `measurements` plus every reservation, then reserves what the scope adds to the choice. */
    place(pool: CandidatePool, measurements: readonly BalancerMeasurement[], limits: RuleLimits): Placement {
        const placement = choosePlacement(pool, measurements, limits, name => this.reservedUsageOn(name));
        this.record(placement.balancerName, placement.adding ?? limits.expectedRules);
        return placement;
    }

    /** Counts usage placed without a choice (adoption, pinning) against `balancerName`; a number is rules. */
    record(balancerName: string, usage: number | Usage): void {
        this.reserved.set(balancerName, addUsage(this.reservedUsageOn(balancerName), asUsage(usage)));
    }

    /**
     * Gives back the usage of a scope deleted in this process (a number is rules). The measurement still counts a
     * scope that existed before it, so subtracting from the reservations keeps the sum right; never below zero.
     */
    release(balancerName: string, usage: number | Usage): void {
        const held = this.reservedUsageOn(balancerName);
        const given = asUsage(usage);
        const left = { ...held };
        for (const d of QUOTA_DIMENSIONS) {
            left[d] = Math.max(0, held[d] - given[d]);
        }
        this.reserved.set(balancerName, left);
    }
}
