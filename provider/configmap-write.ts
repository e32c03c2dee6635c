/** The one optimistic write of the coordination ConfigMaps: create one that was not there, or replace one at the version read. */
import type * as k8s from "@kubernetes/client-node";
import { CoordinationUnavailableError } from "./cluster-load-reading";
import { KubernetesAccess, kubernetesStatusCode, kubernetesStatusMessage, withDeadline } from "./kubernetes-access";

/**
 * Writes `data` into ConfigMap `name` of `namespace`: a create when `current` (what was read) is undefined, else a
 * replace carrying `current`'s `resourceVersion`, so that a write by anyone since is refused. Returns "written", or
 * the conflict (409 Conflict or AlreadyExists) to re-read and retry on; throws a {@link CoordinationUnavailableError}
 * saying what was being written (`doing`) on any other failure.
 */
export async function writeConfigMapAtVersion(
    access: KubernetesAccess,
    namespace: string,
    target: { name: string; labels: Record<string, string> },
    current: k8s.V1ConfigMap | undefined,
    data: Record<string, string>,
    doing: string,
): Promise<"written" | string> {
    const metadata = { name: target.name, namespace, labels: target.labels };
    try {
        if (current === undefined) {
            await withDeadline(access.core.createNamespacedConfigMap({ namespace, body: { metadata, data } }));
        } else {
            await withDeadline(
                access.core.replaceNamespacedConfigMap({
                    name: target.name,
                    namespace,
                    body: { metadata: { ...metadata, resourceVersion: current.metadata?.resourceVersion }, data },
                }),
            );
        }
        return "written";
    } catch (err) {
        if (kubernetesStatusCode(err) === 409) {
            return `${target.name}: ${kubernetesStatusMessage(err) ?? "409"}`;
        }
        throw new CoordinationUnavailableError(namespace, access.context, doing, err, access.server);
    }
}
