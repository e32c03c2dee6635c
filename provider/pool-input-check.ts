/** Check of a `BalancerAssignment`'s `pool` input: the exported shape of a `BalancerPool`, consistent with the assignment's own pool. */
import { balancerNameProblem } from "../core/balancer-name";
import { visibilityProblem } from "../core/candidate-pool";
import { dnsLabelProblem } from "../core/kubernetes-names";
import { memberName } from "../core/pool-settings";

/** One problem of the `pool` input: the bad value, the rule it breaks (naming the sub-field), and the fix. */
export interface PoolInputProblem {
    value: unknown;
    rule: string;
    fix: string;
}

const FROM_POOL = "pass the BalancerPool's exported pool unchanged (its stack output, read through a StackReference)";

/**
 * Every problem of `pool` (`PoolReference["pool"]`): a DNS-1123 `name`, the assignment's own `visibility` and
 * `region`, an optional `namePrefix` whose members (`<namePrefix>-<maxMembers>`) are valid ALB names, a whole
 * `maxMembers` of at least 1, and `draining` (default none) a list of ALB names. Sub-fields the engine does not know yet are skipped.
 */
export function poolInputProblems(
    pool: unknown,
    inputs: Record<string, unknown>,
    isUnknown: (value: unknown) => boolean,
): PoolInputProblem[] {
    if (typeof pool !== "object" || pool === null || Array.isArray(pool)) {
        return [{ value: pool, rule: "is not a pool reference", fix: FROM_POOL }];
    }
    const p = pool as Record<string, unknown>;
    const problems: PoolInputProblem[] = [];
    const check = (field: string, rule: string | undefined, fix: string) => {
        if (rule !== undefined && !isUnknown(p[field])) {
            problems.push({ value: p[field], rule: `pool.${field} ${rule}`, fix });
        }
    };
    check("name", dnsLabelProblem(p.name), FROM_POOL);
    check(
        "visibility",
        visibilityProblem(p.visibility) ??
            (isUnknown(inputs.visibility) || p.visibility === inputs.visibility
                ? undefined
                : `differs from visibility ${JSON.stringify(inputs.visibility)}`),
        "consume the pool of the scope's visibility",
    );
    check(
        "region",
        typeof p.region !== "string"
            ? "is not a region code"
            : isUnknown(inputs.region) || p.region === inputs.region
              ? undefined
              : `differs from region ${JSON.stringify(inputs.region)}`,
        "consume a pool of the scope's region",
    );
    const max = p.maxMembers;
    check(
        "maxMembers",
        Number.isInteger(max) && (max as number) >= 1 ? undefined : "is not a whole number of at least 1",
        FROM_POOL,
    );
    if (p.namePrefix !== undefined && !isUnknown(p.namePrefix)) {
        const widest = typeof max === "number" && Number.isInteger(max) && max >= 1 ? max : 1;
        const problem =
            typeof p.namePrefix !== "string"
                ? "is not a string"
                : balancerNameProblem(memberName(p.namePrefix, widest));
        check(
            "namePrefix",
            problem &&
                `names members such as ${JSON.stringify(memberName(String(p.namePrefix), widest))} that are not valid ALB names: ${problem}`,
            "use a prefix of letters, digits and hyphens short enough for <prefix>-<maxMembers> to fit 32 characters",
        );
    }
    // Absent draining is none: an older pool's export may not carry it.
    if (p.draining !== undefined && !isUnknown(p.draining)) {
        if (!Array.isArray(p.draining)) {
            check("draining", "is not a list", `${FROM_POOL}; draining is a list of member ALB names, [] for none`);
        } else {
            for (const name of p.draining) {
                const problem = isUnknown(name) ? undefined : balancerNameProblem(name);
                if (problem !== undefined) {
                    problems.push({ value: name, rule: `pool.draining ${problem}`, fix: FROM_POOL });
                }
            }
        }
    }
    return problems;
}
