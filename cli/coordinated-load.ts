/** The CLI's view of a coordinated pool: AWS's measurement with the cluster's Ingresses and reservations added, as the provider counts them. */
import type { BalancerMeasurement } from "../core/balancer-load";
import { CombinedLoad, loadIn, usageIn } from "../core/cluster-load";
import { measuredUsage } from "../core/balancer-usage";
import { QUOTA_DIMENSIONS, Usage } from "../core/quota-dimensions";
import { coordinationAccess, readCluster } from "../provider/cluster-load-reading";

/** Where each measured ALB's load comes from, by ALB name. */
export type LoadBreakdown = ReadonlyMap<string, CombinedLoad>;

/** Measurements whose `rules` are the combined load, and the breakdown of each. */
export interface CoordinatedLoad {
    measurements: BalancerMeasurement[];
    breakdown: LoadBreakdown;
    /**
     * What the cluster adds to AWS's count in target groups, certificates and listeners, by ALB name (rules are in
     * `measurements` already): the simulation holds it for each ALB, as the provider's placement counts it.
     */
    held: ReadonlyMap<string, Usage>;
}

/**
 * Reads the cluster as the provider does (the kubeconfig's current context; every Ingress, and `namespace`'s
 * reservation ConfigMaps of `region`) and replaces each measured ALB's `rules` by the combined load of
 * `combineLoad`, so the report and the simulation judge the load a placement would see. Throws the provider's
 * `CoordinationUnavailableError` when the cluster cannot be read: a report without the cluster would under-count.
 */
export async function withClusterLoad(
    measurements: readonly BalancerMeasurement[],
    namespace: string,
    region: string,
): Promise<CoordinatedLoad> {
    const access = await coordinationAccess(namespace);
    const { view } = await readCluster(access, namespace, region);
    const now = Date.now();
    const breakdown = new Map<string, CombinedLoad>();
    const held = new Map<string, Usage>();
    const combined = measurements.map(m => {
        if (m.kind !== "measured") {
            return m;
        }
        const load = loadIn(view, m.name, m.rules, now);
        breakdown.set(m.name, load);
        const usage = usageIn(view, m.name, m, now).usage;
        const aws = measuredUsage(m);
        held.set(
            m.name,
            Object.fromEntries(QUOTA_DIMENSIONS.map(d => [d, d === "rules" ? 0 : usage[d] - aws[d]])) as Usage,
        );
        return { ...m, rules: load.rules };
    });
    return { measurements: combined, breakdown, held };
}
