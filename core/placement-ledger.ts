/** Rules promised to scopes but not yet visible on their ALBs, and the choice that reserves them in one step. */
import type { BalancerMeasurement } from "./balancer-load";
import type { CandidatePool } from "./candidate-pool";
import { Placement, choosePlacement } from "./placement";
import type { RuleLimits } from "./rule-limits";

/**
 * The rules promised to scopes in one process but not yet visible in AWS (the Load Balancer Controller adds
 * them later). Choosing and reserving happen in one synchronous step, so N scopes placed at once land
 * exactly as if placed one by one.
 */
export class PlacementLedger {
    private readonly reserved = new Map<string, number>();

    /** Rules reserved on `balancerName` in this process. */
    reservedOn(balancerName: string): number {
        return this.reserved.get(balancerName) ?? 0;
    }

    /** Chooses against `measurements` plus every reservation, then reserves `expectedRules` on the choice. */
    place(pool: CandidatePool, measurements: readonly BalancerMeasurement[], limits: RuleLimits): Placement {
        const placement = choosePlacement(pool, measurements, limits, name => this.reservedOn(name));
        this.record(placement.balancerName, limits.expectedRules);
        return placement;
    }

    /** Counts rules placed without a choice (adoption, pinning) against `balancerName`. */
    record(balancerName: string, rules: number): void {
        this.reserved.set(balancerName, this.reservedOn(balancerName) + rules);
    }

    /**
     * Gives back the rules of a scope deleted in this process. The measurement still counts a scope that
     * existed before it, so subtracting from the reservations keeps the sum right; never below zero.
     */
    release(balancerName: string, rules: number): void {
        this.reserved.set(balancerName, Math.max(0, this.reservedOn(balancerName) - rules));
    }
}
