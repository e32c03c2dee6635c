/**
 * The agreement behind a pool's growth, through the cluster: the pool's published settings, and the growth
 * record in which a placement claims the next member name under `resourceVersion`, so that of stacks racing to
 * grow a full pool exactly one claims a member and the others see it.
 */
import type * as k8s from "@kubernetes/client-node";
import {
    GrowthRecord,
    growthConfigMapName,
    liveGrownMembers,
    memberCount,
    nextMemberName,
    readGrowthRecord,
    withGrownMember,
} from "../core/pool-growth-record";
import { POOL_LABEL, POOL_SETTINGS_KEY, PoolSettings, poolSettingsConfigMapName } from "../core/pool-settings";
import { MANAGED_BY_LABEL } from "../core/reservation-records";
import { CoordinationUnavailableError } from "./cluster-load-reading";
import { writeConfigMapAtVersion } from "./configmap-write";
import { KubernetesAccess, kubernetesStatusCode, withDeadline } from "./kubernetes-access";

/** A pool's growth record as read, with the ConfigMap (absent before the first growth) to write it back under its `resourceVersion`. */
export interface GrowthReading {
    record: GrowthRecord;
    configMap?: k8s.V1ConfigMap;
}

/** Reads pool `poolName`'s growth record from the coordination namespace (empty when no member was grown yet). */
export async function readGrowth(
    access: KubernetesAccess,
    namespace: string,
    poolName: string,
): Promise<GrowthReading> {
    const name = growthConfigMapName(poolName);
    const configMap = await readConfigMap(access, namespace, name, `reading the growth record ConfigMap ${name}`);
    return { record: readGrowthRecord(configMap?.data, `ConfigMap ${namespace}/${name}`), configMap };
}

/**
 * The settings pool `poolName` publishes in the coordination namespace (see `PoolSettings`), or undefined when it
 * publishes none (an older package, or the platform stack's `pulumi up` has not run yet). Settings that are not
 * JSON are refused, naming the ConfigMap.
 */
export async function readPublishedSettings(
    access: KubernetesAccess,
    namespace: string,
    poolName: string,
): Promise<PoolSettings | undefined> {
    const name = poolSettingsConfigMapName(poolName);
    const configMap = await readConfigMap(access, namespace, name, `reading the pool settings ConfigMap ${name}`);
    const raw = configMap?.data?.[POOL_SETTINGS_KEY];
    if (raw === undefined) {
        return undefined;
    }
    try {
        return JSON.parse(raw) as PoolSettings;
    } catch (err) {
        throw new Error(
            `pool: the settings of pool "${poolName}" in ConfigMap ${namespace}/${name} (key ${POOL_SETTINGS_KEY}) are not JSON ` +
                `(${(err as Error).message}); ${publishFix(poolName)}. The scope was not placed.`,
            { cause: err },
        );
    }
}

/**
 * `settings`, which growth needs: without them a member cannot be built (its anchor carries the pool's shared
 * annotations, class and namespace), so their absence fails the create, saying how to publish them.
 */
export function requireSettings(settings: PoolSettings | undefined, namespace: string, poolName: string): PoolSettings {
    if (settings === undefined) {
        throw new Error(
            `pool: pool "${poolName}" is full and may grow, but its settings are not published in the cluster ` +
                `(ConfigMap ${namespace}/${poolSettingsConfigMapName(poolName)}, key ${POOL_SETTINGS_KEY}); ${publishFix(poolName)}. ` +
                "The scope was not placed.",
        );
    }
    return settings;
}

function publishFix(poolName: string): string {
    return (
        `the BalancerPool "${poolName}" publishes them when its platform stack is deployed: run pulumi up of that stack ` +
        "(with this package's version), then run this deployment again"
    );
}

/** How a claim ended: this create claimed `member`; the record changed since it was read; or the pool is at its maximum. */
export type Claim = { claimed: string } | { changed: true } | { atMaximum: true; members: string[] };

/**
 * Claims the next member of a full pool in its growth record, if the record is still as `seen` (the reading the
 * failed placement was made from): a record that changed since, or a write refused with 409 (another stack
 * claimed first), claims nothing, and the caller re-reads and places on the member the other stack grew. The pool
 * is at its maximum when its members (`declared` by the scope's inputs, published in `settings`, and grown)
 * number `settings.maxMembers`. `key` (the assignment id) is written as the claimer.
 */
export async function claimNextMember(
    access: KubernetesAccess,
    namespace: string,
    settings: PoolSettings,
    declared: readonly string[],
    seen: GrowthReading,
    key: string,
): Promise<Claim> {
    const name = growthConfigMapName(settings.name);
    const now = await readGrowth(access, namespace, settings.name);
    if (now.configMap?.metadata?.resourceVersion !== seen.configMap?.metadata?.resourceVersion) {
        return { changed: true };
    }
    const grown = liveGrownMembers(now.record, settings.namePrefix, settings.maxMembers);
    const members = [...new Set([...declared, ...settings.members, ...grown])];
    if (memberCount(members) >= settings.maxMembers) {
        return { atMaximum: true, members };
    }
    const member = nextMemberName(settings.namePrefix!, members);
    const written = await writeConfigMapAtVersion(
        access,
        namespace,
        { name, labels: { [MANAGED_BY_LABEL.key]: MANAGED_BY_LABEL.value, [POOL_LABEL]: settings.name } },
        now.configMap,
        withGrownMember(now.record, member, key, Date.now()),
        `writing the growth record ConfigMap ${name}`,
    );
    if (written !== "written") {
        return { changed: true };
    }
    return { claimed: member };
}

async function readConfigMap(
    access: KubernetesAccess,
    namespace: string,
    name: string,
    doing: string,
): Promise<k8s.V1ConfigMap | undefined> {
    try {
        return await withDeadline(access.core.readNamespacedConfigMap({ name, namespace }));
    } catch (err) {
        if (kubernetesStatusCode(err) === 404) {
            return undefined;
        }
        throw new CoordinationUnavailableError(namespace, access.context, doing, err, access.server);
    }
}
