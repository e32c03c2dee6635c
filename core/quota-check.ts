/** How a placement checks every quota: thresholds resolved against the account's limits, and the scope's usage on each candidate. Pure. */
import type { BalancerMeasurement } from "./balancer-load";
import { carriedListeners } from "./balancer-usage";
import type { CatalogCertificate } from "./certificate-matching";
import type { QuotaCheck } from "./placement";
import { Usage } from "./quota-dimensions";
import { QuotaThresholds, resolveThresholds, thresholdText } from "./quota-thresholds";
import { ScopeShape, estimateScopeUsage } from "./scope-usage-estimate";

/**
 * What a scope known only by its `expectedRules` adds (a `BalancerAssignment` declared without `scopeShape`): its
 * rules, and one target group, since its Ingress routes to at least one Service port.
 */
export function shapelessUsage(expectedRules: number): Usage {
    return { rules: expectedRules, targetGroups: 1, certificates: 0, listeners: 0 };
}

/**
 * The {@link QuotaCheck} of a scope: `thresholds` as given resolved against the account's `accountLimits`, and on
 * each candidate what `shape` adds ({@link estimateScopeUsage} against the candidate's listeners and `catalog`),
 * its rules being `expectedRules` (the number placement has always reserved). Without a shape, {@link shapelessUsage}.
 */
export function scopeQuotaCheck(input: {
    thresholds: QuotaThresholds;
    accountLimits: Usage;
    expectedRules: number;
    shape?: ScopeShape;
    catalog?: readonly CatalogCertificate[];
}): QuotaCheck {
    const resolved = resolveThresholds(input.thresholds, input.accountLimits);
    return {
        thresholds: resolved,
        adding: (m: BalancerMeasurement | undefined) =>
            input.shape === undefined
                ? shapelessUsage(input.expectedRules)
                : {
                      ...estimateScopeUsage(input.shape, carriedListeners(m), input.catalog).usage,
                      rules: input.expectedRules,
                  },
        describe: d => thresholdText(input.thresholds[d], input.accountLimits[d], resolved[d]),
    };
}

/** Whether `shape` needs ACM to estimate its certificates: it listens on HTTPS and names no `certificate-arn`. */
export function needsCertificateCatalog(shape: ScopeShape | undefined): boolean {
    return (
        shape !== undefined &&
        shape.listenPorts.some(l => l.protocol === "HTTPS") &&
        (shape.certificateArns ?? []).length === 0
    );
}
