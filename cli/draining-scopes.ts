/** The scopes still on a pool's draining members, for `capacity --pool-json`: what must move before a member can go. */
import { scopesOnMembers } from "../core/pool-membership";
import { listPoolIngresses } from "../provider/pool-cluster-reading";

/** One draining member and the Ingresses (`namespace/name`) still on it. */
export interface DrainingMember {
    balancerName: string;
    scopes: string[];
}

/** Reads the cluster's Ingresses (the kubeconfig's current context) and lists the scopes on each of `draining`. */
export async function drainingScopes(draining: readonly string[]): Promise<DrainingMember[]> {
    if (draining.length === 0) {
        return [];
    }
    const scopes = scopesOnMembers(
        draining,
        await listPoolIngresses("--pool-json", "listing the draining members' scopes"),
    );
    return draining.map(balancerName => ({ balancerName, scopes: scopes.get(balancerName) ?? [] }));
}

/** The lines `capacity` prints after its table: each draining member and its scopes. */
export function renderDrainingMembers(members: readonly DrainingMember[]): string {
    return members
        .map(
            ({ balancerName, scopes }) =>
                `Draining ${balancerName} (takes no new scope): ${scopes.length === 0 ? "no scope left, it can be removed" : `${scopes.length} scope(s) to move: ${scopes.join(", ")}`}\n`,
        )
        .join("");
}
