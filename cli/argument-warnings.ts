/** Arguments the CLI accepts but should not pass over in silence: a threshold past the AWS quota, a stack file that names no pool. */
import { POOL_CONFIG_KEYS, Visibility, defaultBaseBalancer } from "../core/candidate-pool";
import type { Problem } from "../core/problems";
import { AWS_RULES_PER_ALB_QUOTA, RuleLimits } from "../core/rule-limits";
import type { StackConfigFile } from "./stack-config-file";

/**
 * A `--max-rules` above the AWS default quota: accepted, because an account may have had its quota raised,
 * but an account that has not will have rules refused before the threshold is reached.
 */
export function quotaWarning(limits: RuleLimits): Problem | undefined {
    if (limits.maxRules <= AWS_RULES_PER_ALB_QUOTA) {
        return undefined;
    }
    return {
        field: "--max-rules",
        value: limits.maxRules,
        rule: `is above the AWS default quota of ${AWS_RULES_PER_ALB_QUOTA} rules per ALB ("Rules per Application Load Balancer")`,
        fix:
            `AWS refuses rules past an account's quota: check in Service Quotas that yours is at least ${limits.maxRules}, ` +
            `or lower --max-rules to ${AWS_RULES_PER_ALB_QUOTA} or less`,
    };
}

/**
 * A stack file without the visibility's pool keys: the pool falls back to the default ALB, as the provider's
 * would, which is right for a stack that uses it and a puzzle ("not found") for a mistyped key or the wrong
 * file (`Pulumi.yaml` instead of `Pulumi.<stack>.yaml`). Its `scope-ingress:` keys are listed to show typos.
 */
export function missingPoolKeysWarning(stack: StackConfigFile, visibility: Visibility): Problem | undefined {
    const looked = [POOL_CONFIG_KEYS[visibility].base, POOL_CONFIG_KEYS[visibility].additional].map(
        key => `scope-ingress:${key}`,
    );
    if (looked.some(key => stack.keys.includes(key))) {
        return undefined;
    }
    const others = stack.keys.filter(key => key.startsWith("scope-ingress:"));
    return {
        field: "--stack-config",
        value: stack.path,
        rule:
            `holds neither ${looked.join(" nor ")}` +
            (others.length === 0 ? "" : ` (its scope-ingress keys: ${others.join(", ")})`) +
            `, so the ${visibility} pool is the default ALB ${defaultBaseBalancer(visibility)}`,
        fix: "name the pool in the stack's settings file (Pulumi.<stack>.yaml), or pass --balancers",
    };
}
